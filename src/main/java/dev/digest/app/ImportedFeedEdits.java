package dev.digest.app;

import dev.digest.config.ConfigException;
import dev.digest.config.ConfigLoader;
import dev.digest.config.FeedSettings;
import dev.digest.config.ImportedFeeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes to single entries of {@code feeds.d/imported.yml}, for the admin page: add one, disable
 * or enable one, remove one. Each reads the file, changes the list and writes it back whole with
 * {@link ImportedFeeds#write} (the same writer as {@code digest feeds import}), under one lock so
 * that two requests at once never lose each other's change. feeds.yml is never written.
 */
public final class ImportedFeedEdits {

  // One lock for the process: the page's requests run on several threads. (A `feeds import` in
  // another process is not held off by it; both write whole files, so the last one wins.)
  private static final Object LOCK = new Object();

  /** The entries the file holds now. */
  public static List<FeedSettings> list(Path baseDir) throws ConfigException {
    synchronized (LOCK) {
      return ImportedFeeds.read(baseDir);
    }
  }

  /** Appends {@code feed}; false (and nothing written) when the file already has that feed. */
  public static boolean add(Path baseDir, FeedSettings feed) throws IOException, ConfigException {
    synchronized (LOCK) {
      List<FeedSettings> feeds = new ArrayList<>(ImportedFeeds.read(baseDir));
      if (indexOf(feeds, feed.url()) >= 0) {
        return false;
      }
      feeds.add(feed);
      ImportedFeeds.write(baseDir, feeds);
      return true;
    }
  }

  /** Sets the entry's {@code disabled} flag; false when the file has no such feed. */
  public static boolean setDisabled(Path baseDir, String url, boolean disabled)
      throws IOException, ConfigException {
    synchronized (LOCK) {
      List<FeedSettings> feeds = new ArrayList<>(ImportedFeeds.read(baseDir));
      int i = indexOf(feeds, url);
      if (i < 0) {
        return false;
      }
      feeds.set(i, feeds.get(i).withDisabled(disabled));
      ImportedFeeds.write(baseDir, feeds);
      return true;
    }
  }

  /** Removes the entry; false when the file has no such feed. */
  public static boolean remove(Path baseDir, String url) throws IOException, ConfigException {
    synchronized (LOCK) {
      List<FeedSettings> feeds = new ArrayList<>(ImportedFeeds.read(baseDir));
      int i = indexOf(feeds, url);
      if (i < 0) {
        return false;
      }
      feeds.remove(i);
      ImportedFeeds.write(baseDir, feeds);
      return true;
    }
  }

  /** Where {@code url} is in {@code feeds}, by the loader's notion of the same feed; -1 if not. */
  static int indexOf(List<FeedSettings> feeds, String url) {
    String key = ConfigLoader.sameFeedKey(url);
    for (int i = 0; i < feeds.size(); i++) {
      if (ConfigLoader.sameFeedKey(feeds.get(i).url()).equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private ImportedFeedEdits() {}
}
