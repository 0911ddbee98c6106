package dev.digest.app;

import dev.digest.mail.CapturedMail;
import dev.digest.mail.DevMailServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Development mail: the embedded SMTP server plus a folder ({@code data/outbox/}) where every mail
 * it received is kept as an {@code .eml} file, so mail sent by a short-lived {@code digest send}
 * still shows in the web outbox of {@code digest serve}. Thread-safe.
 */
public final class DevOutbox implements AutoCloseable {

  private final DevMailServer server;
  private final Path folder;
  private final Set<Integer> saved = new HashSet<>();

  private DevOutbox(DevMailServer server, Path folder) {
    this.server = server;
    this.folder = folder;
  }

  /** Starts the dev SMTP server on 127.0.0.1:{@code port} (0 = any free port). */
  public static DevOutbox start(int port, Path folder) {
    return start(port, folder, DevMailServer.Tap.NONE);
  }

  /** As {@link #start(int, Path)}, {@code tap} seeing the mail it wants as it arrives. */
  public static DevOutbox start(int port, Path folder, DevMailServer.Tap tap) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create outbox folder " + folder, e);
    }
    return new DevOutbox(DevMailServer.start(port, tap), folder);
  }

  public int smtpPort() {
    return server.port();
  }

  public Path folder() {
    return folder;
  }

  /** Writes every message received since the last flush to the outbox folder. */
  public synchronized void flush() {
    for (CapturedMail m : server.messages()) {
      if (saved.add(m.id())) {
        String name =
            String.format(
                "%d-%s-%04d.eml",
                m.received().toEpochMilli(), Long.toHexString(System.nanoTime()), m.id());
        Path tmp = folder.resolve(name + ".tmp");
        try {
          Files.write(tmp, m.raw());
          // Atomic rename: a reader never sees half a message.
          Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot save outbox message to " + folder, e);
        }
      }
    }
  }

  /** Saved messages, newest first, decoded. Also shows mail saved by other processes. */
  public List<CapturedMail> list() {
    List<Path> files = files();
    List<CapturedMail> mails = new ArrayList<>(files.size());
    int id = files.size();
    for (Path f : files) {
      read(id--, f).ifPresent(mails::add);
    }
    return mails;
  }

  /** One saved message by its number in {@link #list()} (1 = oldest); decodes only that one. */
  public Optional<CapturedMail> find(int id) {
    List<Path> files = files();
    if (id < 1 || id > files.size()) {
      return Optional.empty();
    }
    return read(id, files.get(files.size() - id));
  }

  /** The saved files, newest first (names start with the receive time). */
  private List<Path> files() {
    flush();
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".eml"))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list outbox folder " + folder, e);
    }
  }

  private static Optional<CapturedMail> read(int id, Path file) {
    try {
      return Optional.of(DevMailServer.decode(id, Files.readAllBytes(file)));
    } catch (IOException e) {
      // A file removed while we list: skip it.
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      server.close();
    }
  }
}
