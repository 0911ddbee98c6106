package dev.digest.config;

import java.time.Duration;

/** An OpenAI-compatible chat-completions endpoint used for {@code condense.mode: llm}. */
public record LlmSettings(
    String endpoint, String model, String apiKey, Duration timeout, int budgetPerRun) {}
