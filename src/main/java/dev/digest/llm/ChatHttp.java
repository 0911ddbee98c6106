package dev.digest.llm;

import dev.digest.config.LlmSettings;
import dev.digest.http.JsonPost;
import java.net.URI;
import java.util.Map;

/**
 * The chat completions endpoint: one {@link JsonPost} with the API key as a bearer token, and the
 * reply cap a chat answer needs. Thread-safe.
 */
final class ChatHttp {

  /**
   * The largest reply read. A chat completion with a few bullets is a few KB; a reasoning model
   * that also returns its thinking, at 32k tokens of about 4 bytes, is about 128 KB. 4 MB leaves
   * room for verbose servers thirty times over while a broken endpoint cannot fill the heap.
   */
  static final int MAX_REPLY_BYTES = 4 * 1024 * 1024;

  private final String apiKey;
  private final JsonPost post;

  ChatHttp(LlmSettings settings) {
    this.apiKey = settings.apiKey();
    boolean usable = apiKey.isEmpty() || JsonPost.isFieldValue(apiKey);
    Map<String, String> headers =
        apiKey.isEmpty() || !usable ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
    this.post =
        new JsonPost(
            URI.create(settings.chatCompletionsUrl()),
            settings.timeout(),
            MAX_REPLY_BYTES,
            headers,
            apiKey);
  }

  /** POSTs {@code json}; the reply as it came, whatever its status. */
  JsonPost.Outcome post(byte[] json) {
    if (!apiKey.isEmpty() && !JsonPost.isFieldValue(apiKey)) {
      // The JDK's message would quote the header value, i.e. the key: not passed on.
      return new JsonPost.Failed("condense.api-key is not a valid header value");
    }
    return post.post(json);
  }
}
