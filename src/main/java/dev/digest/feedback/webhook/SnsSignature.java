package dev.digest.feedback.webhook;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Amazon SNS message signatures: the certificate named by {@code SigningCertURL} is fetched (over
 * https from an {@code sns.<region>.amazonaws.com} host only: the TLS handshake is what makes it
 * Amazon's), cached, and checked to verify the signature of the message's canonical string, with
 * SHA1withRSA for {@code SignatureVersion 1} and SHA256withRSA for {@code 2}. The topic must be the
 * one configured: any AWS account can sign messages for its own topics.
 */
public final class SnsSignature {

  /** Where SNS keeps its signing certificates (the .cn partition included). */
  private static final Pattern AWS_CERT_HOST =
      Pattern.compile("sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

  private static final int MAX_CACHED = 16;

  private final String topicArn;
  private final Predicate<URI> trustedUrl;
  private final Function<String, Optional<byte[]>> download;
  private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

  /**
   * @param trustedUrl which certificate (and subscribe) URLs may be fetched; {@link #awsUrl} in
   *     production
   * @param download fetches a URL's body, empty when that failed
   */
  public SnsSignature(
      String topicArn, Predicate<URI> trustedUrl, Function<String, Optional<byte[]>> download) {
    this.topicArn = topicArn;
    this.trustedUrl = trustedUrl;
    this.download = download;
  }

  /** True for {@code https://sns.<region>.amazonaws.com/...}, with no user info or odd port. */
  public static boolean awsUrl(URI uri) {
    return "https".equals(uri.getScheme())
        && uri.getRawUserInfo() == null
        && (uri.getPort() == -1 || uri.getPort() == 443)
        && uri.getHost() != null
        && AWS_CERT_HOST.matcher(uri.getHost().toLowerCase(Locale.ROOT)).matches();
  }

  /** True when a URL the message names may be fetched (a certificate, a SubscribeURL). */
  public boolean trusted(String url) {
    try {
      return trustedUrl.test(new URI(url));
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Empty when the message is signed by SNS for the configured topic; otherwise one line why not.
   */
  public String check(SnsMessage m, Instant now) {
    if (!m.topicArn().equals(topicArn)) {
      return "SNS message for topic " + Json.oneLine(m.topicArn()) + ", not the configured one";
    }
    String algorithm =
        switch (m.signatureVersion()) {
          case "1" -> "SHA1withRSA";
          case "2" -> "SHA256withRSA";
          default -> "";
        };
    if (algorithm.isEmpty()) {
      return "SNS SignatureVersion \"" + Json.oneLine(m.signatureVersion()) + "\" is not 1 or 2";
    }
    String url = m.signingCertUrl();
    if (!trusted(url) || !url.toLowerCase(Locale.ROOT).endsWith(".pem")) {
      return "SNS SigningCertURL " + Json.oneLine(url) + " is not an SNS certificate";
    }
    Optional<X509Certificate> cert = certificate(url);
    if (cert.isEmpty()) {
      return "SNS certificate " + Json.oneLine(url) + " could not be fetched or read";
    }
    try {
      cert.get().checkValidity(Date.from(now));
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(cert.get());
      v.update(m.canonicalString());
      return v.verify(Base64.getMimeDecoder().decode(m.signature()))
          ? ""
          : "SNS signature does not verify";
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return "SNS signature refused: " + Json.oneLine(String.valueOf(e.getMessage()));
    }
  }

  private Optional<X509Certificate> certificate(String url) {
    X509Certificate cached = certificates.get(url);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<byte[]> pem = download.apply(url);
    if (pem.isEmpty()) {
      return Optional.empty();
    }
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(pem.get()));
      if (certificates.size() >= MAX_CACHED) {
        certificates.clear(); // SNS rotates certificates rarely: a full cache is someone probing
      }
      certificates.put(url, cert);
      return Optional.of(cert);
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
