package dev.digest.config;

import java.nio.file.Path;

/** DKIM signing: {@code d=} domain, {@code s=} selector, PEM (PKCS#8) RSA private key file. */
public record DkimSettings(String domain, String selector, Path privateKey) {}
