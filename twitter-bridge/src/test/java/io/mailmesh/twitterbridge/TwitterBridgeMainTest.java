package io.mailmesh.twitterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TwitterBridgeMainTest {

    @Test
    void helpListsTheTwitterSettingsAndNoSecretFlags() {
        // given
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TwitterBridgeMain()).setOut(new PrintWriter(out));

        // when
        int code = cli.execute("--help");

        // then
        assertThat(code).isZero();
        assertThat(out.toString()).contains("TWITTER_API_URL", "TWITTER_INBOUND_TIMEOUT",
                "TWITTER_MAX_BACKOFF_MINUTES", "--nats-url");
        assertThat(out.toString()).doesNotContain("--consumer-secret", "--consumer-key");
    }

    @Test
    void settingsNeverPrintTheAppSecret() {
        // given
        TwitterSettings settings = TwitterSettings.of(java.net.URI.create("http://127.0.0.1:1/1.1"), "key-123",
                "secret-456");

        // when
        String printed = settings.toString();

        // then
        assertThat(printed).doesNotContain("key-123", "secret-456");
        assertThat(settings.apiUrl().toString()).endsWith("/1.1/");
    }
}
