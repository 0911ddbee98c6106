package dev.digest.extract;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Puts a space where a block ends inside an inline element that text follows: {@code <span><p>at
 * the market.</p></span><span>Photo: ...</span>} reads "at the market.Photo: ..." in jsoup's {@link
 * Element#text()}, which separates a block from what follows it only when that is the block's own
 * next sibling, while a browser starts "Photo:" on a line of its own. Every word count, sentence
 * split and bullet of the condenser reads {@code text()}, so the space goes into the tree (and
 * thereby into the safe HTML, where a space after a block changes nothing on screen). Inline
 * neighbours are left as they are: {@code <b>Market D</b><b>ay</b>} is one word.
 */
final class BlockSeparation {

  private BlockSeparation() {}

  /** Adds the missing spaces under {@code root}, in place. */
  static void apply(Element root) {
    for (Element block : root.getAllElements()) {
      if (block == root || !block.isBlock() || block.nextSibling() != null) {
        continue;
      }
      // The block closes its parent; climb while the closed element is inline and the last of its
      // own parent. A block ancestor separates what follows it itself.
      Element closed = block.parent();
      while (closed != null && closed != root && !closed.isBlock()) {
        Node after = closed.nextSibling();
        if (after != null) {
          separate(after, closed);
          break;
        }
        closed = closed.parent();
      }
    }
  }

  private static void separate(Node after, Element closed) {
    if (after instanceof TextNode t) {
      String s = t.getWholeText();
      if (!s.isEmpty() && !Character.isWhitespace(s.charAt(0))) {
        t.text(" " + s);
      }
    } else if (after instanceof Element e && !e.isBlock()) {
      closed.after(new TextNode(" "));
    }
  }
}
