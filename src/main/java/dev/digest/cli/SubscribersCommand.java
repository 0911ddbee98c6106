package dev.digest.cli;

import dev.digest.app.DigestApp;
import dev.digest.subscribe.EmailAddress;
import dev.digest.subscribe.InvalidAddressException;
import dev.digest.subscribe.Subscriber;
import dev.digest.subscribe.SubscriberStatus;
import dev.digest.subscribe.TopicChoice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code digest subscribers list|add|remove|import|export}. */
@Command(
    name = "subscribers",
    mixinStandardHelpOptions = true,
    description = "List, add, remove, import or export subscribers.",
    subcommands = {
      SubscribersCommand.ListCmd.class,
      SubscribersCommand.Add.class,
      SubscribersCommand.Remove.class,
      SubscribersCommand.Set.class,
      SubscribersImportCommand.class,
      SubscribersExportCommand.class
    })
final class SubscribersCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "One line per subscriber: address, status, dates.")
  static final class ListCmd implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(
        names = "--status",
        paramLabel = "S",
        description = "Only pending, active, unsubscribed or bounced.")
    String status;

    @Override
    public Integer call() throws Exception {
      Optional<SubscriberStatus> filter;
      try {
        filter = status == null ? Optional.empty() : Optional.of(SubscriberStatus.parse(status));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "--status must be pending, active, unsubscribed or bounced, not '" + status + "'");
      }
      try (DigestApp app = DigestApp.open(config.load())) {
        List<Subscriber> list = app.subscribers().list(filter);
        for (Subscriber s : list) {
          System.out.printf(
              "%s\t%s\t%s\tsince %s%s%s%n",
              s.email(),
              s.status().label(),
              s.cadence().isEmpty() ? app.config().digest().defaultCadence() : s.cadence(),
              day(s.createdAt()),
              s.confirmedAt().map(t -> "\tconfirmed " + day(t)).orElse(""),
              s.unsubscribedAt().map(t -> "\tleft " + day(t)).orElse(""));
        }
        System.err.println(list.size() + " subscribers");
        return Main.OK;
      }
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add an address as active (you assert the reader consented).")
  static final class Add implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(paramLabel = "EMAIL")
    String email;

    @Override
    public Integer call() throws Exception {
      String address;
      try {
        address = EmailAddress.parse(email).value();
      } catch (InvalidAddressException e) {
        throw new UsageException(
            "not a valid e-mail address: " + email + " (" + e.getMessage() + ")");
      }
      try (DigestApp app = DigestApp.open(config.load())) {
        Subscriber s = app.subscribers().add(address, SubscriberStatus.ACTIVE);
        if (s.status() != SubscriberStatus.ACTIVE) {
          app.subscribers().setStatus(s.id(), SubscriberStatus.ACTIVE);
        }
        System.out.println(s.email() + " is active");
        return Main.OK;
      }
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description =
          "Unsubscribe an address (kept as 'unsubscribed' so it is never mailed again by accident).")
  static final class Remove implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(paramLabel = "EMAIL")
    String email;

    @Override
    public Integer call() throws Exception {
      try (DigestApp app = DigestApp.open(config.load())) {
        Optional<Subscriber> s = app.subscribers().findByEmail(email);
        if (s.isEmpty()) {
          System.err.println("digest: no subscriber " + email);
          return Main.FAILURE;
        }
        app.subscribers().setStatus(s.get().id(), SubscriberStatus.UNSUBSCRIBED);
        System.out.println(email + " is unsubscribed");
        return Main.OK;
      }
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description =
          "Change what a reader gets: the cadence of their editions, the topics and (with digest.reader-feed-choice) the feeds left out.")
  static final class Set implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(paramLabel = "EMAIL")
    String email;

    @Option(
        names = "--cadence",
        paramLabel = "C",
        description = "One of digest.cadences ('default' for the default cadence).")
    String cadence;

    @Option(
        names = "--exclude",
        arity = "1..*",
        paramLabel = "TOPIC",
        description = "Leave out these topics (feeds' categories).")
    List<String> exclude = new java.util.ArrayList<>();

    @Option(
        names = "--include",
        arity = "1..*",
        paramLabel = "TOPIC",
        description = "Take these topics back.")
    List<String> include = new java.util.ArrayList<>();

    @Option(
        names = "--exclude-feed",
        arity = "1..*",
        paramLabel = "URL",
        description =
            "Leave out these feeds (their URLs in feeds.yml); needs digest.reader-feed-choice: true.")
    List<String> excludeFeed = new java.util.ArrayList<>();

    @Option(
        names = "--include-feed",
        arity = "1..*",
        paramLabel = "URL",
        description = "Take these feeds back.")
    List<String> includeFeed = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
      boolean feedsGiven = !excludeFeed.isEmpty() || !includeFeed.isEmpty();
      if (cadence == null && exclude.isEmpty() && include.isEmpty() && !feedsGiven) {
        throw new UsageException(
            "nothing to set: give --cadence C, --exclude TOPIC..., --include TOPIC...,"
                + " --exclude-feed URL... or --include-feed URL...");
      }
      try (DigestApp app = DigestApp.open(config.load())) {
        var digest = app.config().digest();
        String chosen = cadence == null ? null : cadence.strip();
        if (chosen != null && !chosen.equals("default") && digest.cadence(chosen).isEmpty()) {
          throw new UsageException(
              "unknown cadence '"
                  + chosen
                  + "': feeds.yml offers "
                  + String.join(", ", digest.cadenceNames())
                  + " (or 'default'); nothing changed");
        }
        java.util.Set<String> topics = app.config().topics();
        for (String t : concat(exclude, include)) {
          if (!topics.contains(TopicChoice.key(t))) {
            throw new UsageException(
                "unknown topic '"
                    + t
                    + "': the feeds' categories are "
                    + (topics.isEmpty() ? "none" : String.join(", ", topics))
                    + "; nothing changed");
          }
        }
        java.util.Map<String, String> feeds = app.config().readerFeeds();
        if (feedsGiven && !digest.readerFeedChoice()) {
          throw new UsageException(
              "readers choose topics, not single feeds: set digest.reader-feed-choice:"
                  + " true in "
                  + app.config().file()
                  + " first; nothing changed");
        }
        for (String url : concat(excludeFeed, includeFeed)) {
          if (!feeds.containsKey(url.strip())) {
            throw new UsageException(
                "unknown feed '"
                    + url
                    + "': give a feed's url as "
                    + app.config().file()
                    + " lists it; nothing changed");
          }
        }
        Optional<Subscriber> s = app.subscribers().findByEmail(email);
        if (s.isEmpty()) {
          System.err.println("digest: no subscriber " + email + "; nothing changed");
          return Main.FAILURE;
        }
        if (chosen != null) {
          app.subscribers().setCadence(s.get().id(), chosen.equals("default") ? "" : chosen);
        }
        java.util.Set<String> excluded = new java.util.TreeSet<>(s.get().excludedTopics());
        // A topic no longer in feeds.yml drops out of the choice when it is next changed.
        excluded.retainAll(topics);
        exclude.forEach(t -> excluded.add(TopicChoice.key(t)));
        include.forEach(t -> excluded.remove(TopicChoice.key(t)));
        if (!exclude.isEmpty() || !include.isEmpty()) {
          app.subscribers().setExcludedTopics(s.get().id(), excluded);
        }
        java.util.Set<String> excludedFeeds = new java.util.TreeSet<>(s.get().excludedFeeds());
        excludedFeeds.retainAll(feeds.keySet());
        excludeFeed.forEach(u -> excludedFeeds.add(u.strip()));
        includeFeed.forEach(u -> excludedFeeds.remove(u.strip()));
        if (feedsGiven) {
          app.subscribers().setExcludedFeeds(s.get().id(), excludedFeeds);
        }
        String gets =
            chosen == null
                ? (s.get().cadence().isEmpty() ? digest.defaultCadence() : s.get().cadence())
                : chosen.equals("default") ? digest.defaultCadence() : chosen;
        System.out.println(
            s.get().email()
                + " gets the "
                + gets
                + " edition"
                + (excluded.isEmpty()
                    ? ", every topic"
                    : ", without " + String.join(", ", excluded))
                + (!digest.readerFeedChoice() || excludedFeeds.isEmpty()
                    ? ""
                    : "; feeds left out: " + String.join(", ", excludedFeeds)));
        return Main.OK;
      }
    }

    private static List<String> concat(List<String> a, List<String> b) {
      List<String> all = new java.util.ArrayList<>(a);
      all.addAll(b);
      return all;
    }
  }

  static String day(Instant t) {
    return t.toString().substring(0, 10);
  }
}
