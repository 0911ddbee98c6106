package dev.digest.config;

import java.time.Duration;
import java.util.Objects;

/**
 * An OpenAI-compatible chat-completions endpoint used for {@code condense.mode: llm}.
 *
 * @param endpoint the URL as configured: a base such as {@code http://localhost:11434/v1}, or the
 *     full {@code .../chat/completions} URL (see {@link #chatCompletionsUrl()})
 * @param model the {@code model} sent with every request
 * @param apiKey sent as {@code Authorization: Bearer}; empty sends no header. Never in {@link
 *     #toString()}
 * @param timeout per call, connecting to the whole reply read
 * @param budgetPerRun HTTP calls per run (edition build) at most
 * @param tokenBudgetPerRun tokens per run at most, as the server's {@code usage.total_tokens}
 *     reports them; {@link Integer#MAX_VALUE} when not configured
 */
public record LlmSettings(
    String endpoint,
    String model,
    String apiKey,
    Duration timeout,
    int budgetPerRun,
    int tokenBudgetPerRun) {

  private static final String CHAT_COMPLETIONS = "/chat/completions";

  public LlmSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** Without a token budget. */
  public LlmSettings(
      String endpoint, String model, String apiKey, Duration timeout, int budgetPerRun) {
    this(endpoint, model, apiKey, timeout, budgetPerRun, Integer.MAX_VALUE);
  }

  /**
   * Where requests go: the endpoint as given when its path already ends in {@code
   * /chat/completions}, else the endpoint with {@code /chat/completions} appended (the way OpenAI's
   * clients treat a base URL such as {@code https://api.openai.com/v1}).
   */
  public String chatCompletionsUrl() {
    String e = endpoint.trim();
    int query = e.indexOf('?');
    String path = query < 0 ? e : e.substring(0, query);
    String rest = query < 0 ? "" : e.substring(query);
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.endsWith(CHAT_COMPLETIONS) ? path + rest : path + CHAT_COMPLETIONS + rest;
  }

  /** The API key is a secret: never printed, logged or shown in an error. */
  @Override
  public String toString() {
    return "LlmSettings[endpoint="
        + endpoint
        + ", model="
        + model
        + ", apiKey="
        + (apiKey.isEmpty() ? "" : "***")
        + ", timeout="
        + timeout
        + ", budgetPerRun="
        + budgetPerRun
        + ", tokenBudgetPerRun="
        + tokenBudgetPerRun
        + "]";
  }
}
