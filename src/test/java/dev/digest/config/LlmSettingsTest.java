package dev.digest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LlmSettingsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      textBlock =
          """
          http://localhost:11434/v1,                          http://localhost:11434/v1/chat/completions
          http://localhost:11434/v1/,                         http://localhost:11434/v1/chat/completions
          http://127.0.0.1:8080/v1/chat/completions,          http://127.0.0.1:8080/v1/chat/completions
          https://api.example.com/openai/v1,                  https://api.example.com/openai/v1/chat/completions
          https://x.example.com/deploy/chat/completions?api-version=2024-06-01, https://x.example.com/deploy/chat/completions?api-version=2024-06-01
          https://x.example.com/deploy?api-version=2024-06-01, https://x.example.com/deploy/chat/completions?api-version=2024-06-01
          """)
  void requestsGoToChatCompletions(String endpoint, String url) {
    assertThat(new LlmSettings(endpoint, "m", "", Duration.ofSeconds(1), 1).chatCompletionsUrl())
        .isEqualTo(url);
  }

  @ParameterizedTest(name = "key [{0}]")
  @CsvSource({"sk-live-abcdef", "''"})
  void theKeyIsNeverInToString(String key) {
    String s = new LlmSettings("http://h/v1", "m", key, Duration.ofSeconds(1), 1).toString();

    assertThat(s).contains("model=m");
    if (!key.isEmpty()) {
      assertThat(s).doesNotContain(key).contains("apiKey=***");
    }
  }
}
