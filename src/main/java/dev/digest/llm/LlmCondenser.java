package dev.digest.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.digest.condense.Condenser;
import dev.digest.condense.ContentType;
import dev.digest.condense.Explanation;
import dev.digest.condense.LlmPrompt;
import dev.digest.condense.LlmReply;
import dev.digest.condense.Summary;
import dev.digest.config.LlmSettings;
import dev.digest.http.JsonPost;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.jsoup.nodes.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code condense.mode: llm}: asks an OpenAI-compatible chat-completions endpoint (Ollama,
 * llama.cpp, vLLM, hosted) for each article's quick summary and takeaways, and falls back to the
 * offline {@link Condenser} on any failure: timeout, connection error, HTTP 4xx/5xx (429 included),
 * a reply over {@value ChatHttp#MAX_REPLY_BYTES} bytes, a response that is not a chat completion, a
 * reply not in the requested shape, or an exhausted budget. The author's own sections always win:
 * an article with both is never sent. Accepted replies are cached in {@code condense_cache} by
 * {@link LlmPrompt#cacheKey}, so an article is sent at most once. The API key goes into the {@code
 * Authorization} header only: never into a log line or an exception. Thread-safe; each {@link Run}
 * is used by one thread.
 */
public final class LlmCondenser {

  private static final Logger log = LoggerFactory.getLogger(LlmCondenser.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** After this many failed calls in a row a run stops calling: the endpoint is down or broken. */
  static final int MAX_FAILURES_IN_A_ROW = 3;

  private final Condenser condenser;
  private final LlmSettings settings;
  private final CondenseCacheRepository cache;
  private final Clock clock;
  private final ChatHttp http;

  public LlmCondenser(
      Condenser condenser, LlmSettings settings, CondenseCacheRepository cache, Clock clock) {
    this.condenser = Objects.requireNonNull(condenser, "condenser");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = new ChatHttp(settings);
  }

  /** A new run (one edition build) with a fresh budget. */
  public Run startRun() {
    return new Run();
  }

  /** The budget and counters of one run. Not thread-safe: one thread per run. */
  public final class Run {
    private int calls;
    private long tokens;
    private int failuresInARow;
    private int cacheHits;
    private int fallbacks;
    private boolean stopLogged;

    private Run() {}

    /** The article condensed: by the model when it can, offline otherwise. Never throws for I/O. */
    public Summary condense(String title, String content, ContentType type) {
      Explanation offline = condenser.explain(title, content, type);
      if (offline.summary().method() == Summary.Method.SECTIONS) {
        return offline.summary(); // the author's own words: nothing to ask
      }
      return askModel(title, offline, condenser.llmPrompt(title, content, type, offline));
    }

    /**
     * As {@link #condense(String, String, ContentType)} for sanitized HTML already parsed (the
     * extract stage's document, only read): the article is not parsed again.
     */
    public Summary condense(String title, Document html) {
      Explanation offline = condenser.explain(title, html);
      if (offline.summary().method() == Summary.Method.SECTIONS) {
        return offline.summary(); // the author's own words: nothing to ask
      }
      return askModel(title, offline, condenser.llmPrompt(title, html, offline));
    }

    private Summary askModel(String title, Explanation offline, LlmPrompt prompt) {
      String key = prompt.cacheKey(settings.model());
      Optional<LlmReply.Accepted> cached = cached(key);
      if (cached.isPresent()) {
        cacheHits++;
        log.debug("condense llm cache hit key={} title={}", key, title);
        return condenser.withModelBullets(offline, cached.get());
      }
      Optional<String> stop = stopReason();
      if (stop.isPresent()) {
        if (!stopLogged) {
          stopLogged = true;
          log.warn(
              "condense llm stopped for this run: {}; the rest of the run is condensed offline",
              stop.get());
        }
        return fallback(offline, title, stop.get(), false);
      }
      calls++;
      LlmReply reply = call(prompt);
      if (reply instanceof LlmReply.Accepted accepted) {
        failuresInARow = 0;
        save(key, accepted);
        return condenser.withModelBullets(offline, accepted);
      }
      failuresInARow++;
      return fallback(offline, title, ((LlmReply.Rejected) reply).reason(), true);
    }

    /** HTTP requests sent in this run. */
    public int calls() {
      return calls;
    }

    /** Tokens used in this run, as the server reported them (estimated when it did not). */
    public long tokens() {
      return tokens;
    }

    public int cacheHits() {
      return cacheHits;
    }

    /** Articles condensed offline because the model could not be used. */
    public int fallbacks() {
      return fallbacks;
    }

    private Optional<String> stopReason() {
      if (calls >= settings.budgetPerRun()) {
        return Optional.of(
            "budget exhausted: " + calls + " of " + settings.budgetPerRun() + " calls");
      }
      if (tokens >= settings.tokenBudgetPerRun()) {
        return Optional.of(
            "token budget exhausted: "
                + tokens
                + " of "
                + settings.tokenBudgetPerRun()
                + " tokens");
      }
      if (failuresInARow >= MAX_FAILURES_IN_A_ROW) {
        return Optional.of(failuresInARow + " failed calls in a row");
      }
      return Optional.empty();
    }

    /** A failure is a warning; a run that stopped calling said so once, then notes each article. */
    private Summary fallback(Explanation offline, String title, String reason, boolean failure) {
      fallbacks++;
      String format = "condense llm fallback method={} reason={} title={}";
      String method = offline.summary().method().label();
      if (failure) {
        log.warn(format, method, reason, title);
      } else {
        log.info(format, method, reason, title);
      }
      return offline.summary();
    }

    /** The model's reply, or a rejection saying what went wrong. */
    private LlmReply call(LlmPrompt prompt) {
      long started = System.nanoTime();
      JsonPost.Outcome outcome = http.post(requestBody(prompt).getBytes(StandardCharsets.UTF_8));
      if (outcome instanceof JsonPost.Failed failed) {
        return new LlmReply.Rejected(failed.reason());
      }
      JsonPost.Answer response = (JsonPost.Answer) outcome;
      int status = response.status();
      log.debug(
          "condense llm call status={} ms={}", status, (System.nanoTime() - started) / 1_000_000);
      if (status == 429) {
        return new LlmReply.Rejected("rate limited (HTTP 429)");
      }
      if (status < 200 || status > 299) {
        return new LlmReply.Rejected("HTTP " + status + excerpt(response.body()));
      }
      JsonNode root;
      try {
        root = JSON.readTree(response.body());
      } catch (JsonProcessingException e) {
        return new LlmReply.Rejected("response is not JSON");
      }
      JsonNode content =
          root == null ? null : root.path("choices").path(0).path("message").path("content");
      if (content == null || !content.isTextual()) {
        return new LlmReply.Rejected(
            "response is not a chat completion (no choices[0].message.content)");
      }
      JsonNode used = root.path("usage").path("total_tokens");
      // Servers that report no usage: about four characters per token, both ways.
      tokens +=
          used.canConvertToLong() && used.asLong() > 0
              ? used.asLong()
              : (prompt.system().length() + prompt.user().length() + content.asText().length()) / 4;
      return LlmReply.parse(content.asText());
    }
  }

  private Optional<LlmReply.Accepted> cached(String key) {
    try {
      return cache.find(key);
    } catch (RuntimeException e) {
      log.warn("condense llm cache unreadable key={} error={}", key, e.toString());
      return Optional.empty();
    }
  }

  private void save(String key, LlmReply.Accepted reply) {
    try {
      cache.save(key, settings.model(), reply, clock.instant());
    } catch (RuntimeException e) {
      // The summary is still good; the next run asks again.
      log.warn("condense llm cache not written key={} error={}", key, e.toString());
    }
  }

  private String requestBody(LlmPrompt prompt) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", settings.model());
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", prompt.system());
    messages.addObject().put("role", "user").put("content", prompt.user());
    body.put("stream", false);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a chat request", e);
    }
  }

  /** The start of an error body for the log, with the API key cut out should a server echo it. */
  private String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = scrub(body.strip().replaceAll("\\s+", " ")); // before cutting: no half key
    return ": " + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine);
  }

  private String scrub(String text) {
    return scrub(text, settings.apiKey());
  }

  /** {@code text} with every occurrence of the API key {@code key} replaced by {@code ***}. */
  static String scrub(String text, String key) {
    return key.isEmpty() ? text : text.replace(key, "***");
  }
}
