package io.mailmesh.apiemitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.apiemitter.ApiFixture.Response;
import io.mailmesh.mesh.testing.NatsServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code incoming.skip_folders}: which IMAP folders an identity leaves out of its sync. */
class SkipFoldersTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static ApiFixture api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    private static String identity(String skipFolders) {
        return """
                {"protocol": "imap", "address": "bob@example.org", "poll_interval": 10,
                 "incoming": {"host": "imap.example.org", "port": 993, "username": "bob"%s},
                 "credentials": {"password": "hunter2"}}""".formatted(skipFolders == null ? ""
                : ", \"skip_folders\": " + skipFolders);
    }

    @Test
    void anIdentityWithoutAChoiceSkipsTheDefaultFoldersAndAChoiceIsKeptAndChangeable() {
        // given
        String token = api.newUserToken("folders");

        // when
        Response plain = api.post("/api/v2/identities/remotes", token, identity(null));
        Response chosen = api.post("/api/v2/identities/remotes", token,
                identity("[\"\\\\Trash\", \"Lists/Ältere\"]"));
        String id = chosen.body().get("id").textValue();
        Response patched = api.send("PATCH", "/api/v2/identities/remotes/" + id, token,
                "{\"incoming\": {\"host\": \"imap.example.org\", \"port\": 993, \"skip_folders\": []}}");

        // then
        assertThat(plain.status()).isEqualTo(201);
        assertThat(plain.body().path("incoming").hasNonNull("skip_folders")).isFalse();
        assertThat(chosen.status()).isEqualTo(201);
        assertThat(chosen.body().path("incoming").path("skip_folders")).extracting(n -> n.textValue())
                .containsExactly("\\Trash", "Lists/Ältere");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().path("incoming").path("skip_folders")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\\\\Trash\"", "[\"\\\\Bogus\"]", "[\"a\\r\\nb\"]", "[\"\\u0000\"]", "[1]", "[[]]",
            "[\"\"]", "{\"a\": 1}", "[null]"})
    void aHostileFolderChoiceIsA400WithAReason(String skipFolders) {
        // given
        String token = api.newUserToken("hostile-folders");

        // when
        Response response = api.post("/api/v2/identities/remotes", token, identity(skipFolders));

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.raw().body()).contains("skip_folders");
    }

    @Test
    void tooManyOrTooLongEntriesAreA400() {
        String token = api.newUserToken("big-folders");
        String many = "[" + "\"f\",".repeat(100) + "\"f\"]";
        String longName = "[\"" + "x".repeat(256) + "\"]";

        assertThat(api.post("/api/v2/identities/remotes", token, identity(many)).status()).isEqualTo(400);
        assertThat(api.post("/api/v2/identities/remotes", token, identity(longName)).status()).isEqualTo(400);
    }

    @Test
    void theOutgoingServerRefusesAFolderChoice() {
        String token = api.newUserToken("out-folders");
        String body = """
                {"protocol": "imap", "address": "bob@example.org",
                 "incoming": {"host": "imap.example.org", "port": 993, "username": "bob"},
                 "outgoing": {"host": "smtp.example.org", "port": 465, "skip_folders": ["x"]},
                 "credentials": {"password": "hunter2"}}""";

        Response response = api.post("/api/v2/identities/remotes", token, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.raw().body()).contains("applies to the incoming server only");
    }
}
