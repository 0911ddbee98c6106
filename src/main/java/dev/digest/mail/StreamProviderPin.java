package dev.digest.mail;

/**
 * Names Jakarta Mail's stream provider once, for the whole JVM.
 *
 * <p>Jakarta Mail 2.1 looks its {@code StreamProvider} up with a ServiceLoader scan of every jar on
 * the class path each time it makes a body part, a multipart or a header block
 * (jakartaee/mail-api#861): with digest's class path that scan was over 90 % of the time to read a
 * DSN (1,800 instead of 20,000 messages a second). Naming the provider in the system property
 * Jakarta Mail reads first skips the scan. It is the provider the scan would find; an explicit
 * setting is left alone, and without Angus Mail on the class path nothing is set.
 *
 * <p>A system property is global, so this is the one place that sets it: the command line's entry
 * and the returned-mail processor (for embedders and tests that never pass through it) call it.
 */
public final class StreamProviderPin {

  /** The system property Jakarta Mail reads before it searches for a stream provider. */
  public static final String PROPERTY = "jakarta.mail.util.StreamProvider";

  /** Angus Mail's provider: the one the search finds on digest's class path. */
  static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

  private StreamProviderPin() {}

  public static void apply() {
    try {
      if (System.getProperty(PROPERTY) == null) {
        Class.forName(ANGUS, false, StreamProviderPin.class.getClassLoader());
        System.setProperty(PROPERTY, ANGUS);
      }
    } catch (ClassNotFoundException | SecurityException e) {
      // the ServiceLoader search stays: slower, as correct
    }
  }
}
