package dev.digest.render;

/** The links that differ per subscriber. Tracking-free: they only carry a signed token. */
public record PersonalLinks(String unsubscribeUrl) {}
