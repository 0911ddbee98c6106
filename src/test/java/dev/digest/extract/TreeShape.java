package dev.digest.extract;

import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * A jsoup tree written out node by node (kinds, tag names, attributes, the text of each text node),
 * for tests that compare two trees and want a readable diff when they differ.
 */
final class TreeShape {

  private TreeShape() {}

  /** Every node, text nodes with their whole text: what a parse must give node for node. */
  static String of(Node node) {
    StringBuilder out = new StringBuilder();
    write(node, 0, false, out);
    return out.toString();
  }

  /**
   * As {@link #of} but for white space: text nodes of white space only are left out and runs of it
   * are one space, trimmed; for trees that differ only in how their HTML was indented.
   */
  static String ignoringWhiteSpace(Node node) {
    StringBuilder out = new StringBuilder();
    write(node, 0, true, out);
    return out.toString();
  }

  private static void write(Node node, int depth, boolean foldWhiteSpace, StringBuilder out) {
    if (node instanceof TextNode t) {
      String text = t.getWholeText();
      if (foldWhiteSpace) {
        text = text.replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
          return;
        }
      }
      out.append("  ".repeat(depth)).append("#text ").append(text.replace("\n", "\\n"));
      out.append('\n');
      return;
    }
    out.append("  ".repeat(depth));
    if (node instanceof Element e) {
      out.append('<').append(e.tagName());
      for (Attribute a : e.attributes()) {
        out.append(' ').append(a.getKey()).append("=\"").append(a.getValue()).append('"');
      }
      out.append(">\n");
    } else {
      out.append(node.nodeName()).append(' ').append(node.outerHtml()).append('\n');
    }
    for (Node child : node.childNodes()) {
      write(child, depth + 1, foldWhiteSpace, out);
    }
  }
}
