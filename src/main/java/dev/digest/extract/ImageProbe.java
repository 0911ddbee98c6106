package dev.digest.extract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What a fetched thumbnail is: its size in pixels read from the image's header (PNG, JPEG, GIF, BMP
 * through the JDK's ImageIO, which reads the header without decoding the pixels), or not an image
 * at all. The size lets the mail give the thumbnail its true height, so no client stretches it and
 * the layout does not jump when images load; a URL that answers with an error or with something
 * else than an image is not put into a mail as a broken picture.
 */
final class ImageProbe {

  /** What the probe found. */
  sealed interface Result {
    /** An image of this size. */
    record Sized(int width, int height) implements Result {}

    /** An image whose format the JDK cannot read the size of (WebP, AVIF, SVG): kept, no size. */
    record Unsized() implements Result {}

    /** Not an image (an error page, HTML, nothing): the thumbnail is dropped. */
    record NotAnImage(String why) implements Result {}
  }

  /** Larger is no thumbnail: a header that claims it is a bomb, or nonsense. */
  private static final int MAX_SIDE = 20_000;

  private ImageProbe() {}

  static Result read(byte[] body, String contentType) {
    // The bytes decide, not the Content-Type: servers mislabel images (octet-stream, even XML),
    // and an error page labelled image/png is still no image.
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (body.length == 0) {
      return new Result.NotAnImage("empty body");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(body))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return type.startsWith("image/")
            ? new Result.Unsized()
            : new Result.NotAnImage("not an image the JDK reads, content type " + contentType);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE) {
          return new Result.NotAnImage("implausible size " + w + "x" + h);
        }
        return new Result.Sized(w, h);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return new Result.NotAnImage("unreadable image: " + e.getMessage());
    }
  }
}
