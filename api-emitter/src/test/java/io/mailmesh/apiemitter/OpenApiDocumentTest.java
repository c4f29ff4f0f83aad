package io.mailmesh.apiemitter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.apiemitter.ApiFixture.Response;
import io.mailmesh.apiemitter.web.ApiServer;
import io.mailmesh.mesh.testing.NatsServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document against the running server: no route without its entry, no entry without its route, and the
 * bodies the server sends are the ones the document describes.
 */
class OpenApiDocumentTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static ApiFixture api;
    static JsonNode document;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(2));
        document = api.get("/api/v2/openapi.json", null).body();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static List<String> documented() {
        List<String> routes = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> {
                    if (!method.equals("parameters")) {
                        routes.add(method.toUpperCase() + " " + path.getKey());
                    }
                }));
        return routes;
    }

    @Test
    void everyRouteTheServerRegistersIsDocumentedAndNothingElse() {
        // given the routes the running server registered
        List<String> registered = api.runtime.get(ApiServer.class).routes();

        // when they are compared with the document's paths
        // then each side has exactly the other's
        assertThat(registered).isNotEmpty();
        assertThat(new TreeSet<>(documented())).containsExactlyElementsOf(new TreeSet<>(registered));
    }

    @Test
    void everyDocumentedRouteAnswersWithoutNoRouteOrMethodNotAllowed() {
        // given a user and the admin
        String token = api.newUserToken("openapi-walker");

        // when every documented method and path is called (unknown ids in the path, an empty object as body), the
        // logout last, for it ends the token the others use
        List<String> routes = new ArrayList<>(documented());
        routes.sort(java.util.Comparator.comparing(route -> route.endsWith("/auth/tokens/current")));
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[a-z_]+}", "0123456789abcdef");
            String caller = path.startsWith("/api/v2/admin/") ? ApiFixture.ADMIN_TOKEN : token;
            Response response = api.send(method, path, caller, method.equals("GET") || method.equals("DELETE")
                    ? null : "{}");

            // then each is a route the server has: never 405, never the 404 of a missing route
            assertThat(response.status()).as(route).isNotEqualTo(405);
            assertThat(response.raw().body()).as(route).doesNotContain("no route ");
        }
    }

    @Test
    void theBodiesTheServerSendsAreTheOnesDocumented() throws Exception {
        // given a user with identities, a contact with a key, a draft
        Response user = api.post("/api/v2/users", null, "{\"name\": \"doc\"}");
        check("POST", "/api/v2/users", user);
        String token = user.body().get("token").textValue();
        check("GET", "/api/v2/me", api.get("/api/v2/me", token));
        Response local = api.post("/api/v2/identities/locals", token,
                "{\"address\": \"doc-" + System.nanoTime() + "@mailmesh.local\", \"display_name\": \"Doc\"}");
        check("POST", "/api/v2/identities/locals", local);
        check("GET", "/api/v2/identities/locals", api.get("/api/v2/identities/locals", token));
        Response remote = api.post("/api/v2/identities/remotes", token, """
                {"protocol": "imap", "address": "doc@example.org", "poll_interval": 10,
                 "incoming": {"host": "imap.example.org", "port": 993, "username": "doc"},
                 "credentials": {"password": "hunter2"}}""");
        check("POST", "/api/v2/identities/remotes", remote);
        String remoteId = remote.body().get("id").textValue();
        check("GET", "/api/v2/identities/remotes", api.get("/api/v2/identities/remotes", token));
        check("GET", "/api/v2/identities/remotes/{id}", api.get("/api/v2/identities/remotes/" + remoteId, token));
        check("PATCH", "/api/v2/identities/remotes/{id}", api.send("PATCH", "/api/v2/identities/remotes/"
                + remoteId, token, "{\"display_name\": \"Doc at work\"}"));
        Response contact = api.post("/api/v2/contacts", token, """
                {"given_name": "Bob", "family_name": "Example", "emails": [{"address": "bob@example.org"}],
                 "social_identities": [{"network": "twitter", "name": "bob"}]}""");
        check("POST", "/api/v2/contacts", contact);
        String contactId = contact.body().get("id").textValue();
        check("GET", "/api/v2/contacts", api.get("/api/v2/contacts", token));
        check("GET", "/api/v2/contacts/{id}", api.get("/api/v2/contacts/" + contactId, token));
        check("PATCH", "/api/v2/contacts/{id}", api.send("PATCH", "/api/v2/contacts/" + contactId, token,
                "{\"display_name\": \"Bobby\"}"));
        check("POST", "/api/v2/contacts/{id}/publickeys", api.post("/api/v2/contacts/" + contactId
                + "/publickeys", token, ApiFixture.JSON.createObjectNode()
                .put("armored", RestApiOrdersTest.armoredPublicKey()).toString()));
        check("GET", "/api/v2/contacts/{id}/publickeys", api.get("/api/v2/contacts/" + contactId + "/publickeys",
                token));
        Response draft = api.post("/api/v2/messages", token, ApiFixture.JSON.createObjectNode()
                .put("identity_id", local.body().get("id").textValue()).put("subject", "hello").put("body", "text")
                .set("to", ApiFixture.JSON.createArrayNode().add("bob@example.org")).toString());
        check("POST", "/api/v2/messages", draft);
        String draftId = draft.body().get("id").textValue();
        check("GET", "/api/v2/messages", api.get("/api/v2/messages", token));
        check("GET", "/api/v2/messages/{id}", api.get("/api/v2/messages/" + draftId, token));
        check("PATCH", "/api/v2/messages/{id}", api.send("PATCH", "/api/v2/messages/" + draftId, token,
                "{\"subject\": \"hello again\"}"));
        check("GET", "/api/v2/discussions", api.get("/api/v2/discussions", token));
        check("POST", "/api/v2/auth/register", api.post("/api/v2/auth/register", null,
                "{\"email\": \"doc-" + System.nanoTime() + "@example.org\", \"password\": \"correct horse battery\"}"));
        check("GET", "/api/v2/openapi.json", api.get("/api/v2/openapi.json", null));
    }

    /** Asserts {@code response} succeeded and its body matches the schema documented for its status. */
    private static void check(String method, String path, Response response) {
        String route = method + " " + path;
        assertThat(response.status()).as(route + " " + response.raw().body()).isBetween(200, 299);
        JsonNode documentedResponse = document.at("/paths/" + path.replace("~", "~0").replace("/", "~1") + "/"
                + method.toLowerCase() + "/responses/" + response.status());
        assertThat(documentedResponse.isMissingNode()).as(route + " documents status " + response.status())
                .isFalse();
        JsonNode schema = documentedResponse.at("/content/application~1json/schema");
        assertThat(schema.isMissingNode()).as(route + " describes its " + response.status() + " body").isFalse();
        List<String> problems = new ArrayList<>();
        conform(response.body(), schema, route, problems);
        assertThat(problems).as(route).isEmpty();
    }

    /**
     * The ways {@code value} departs from {@code schema}: a key the schema does not describe, or a value of another
     * type. Only what the document uses: $ref, type, properties, additionalProperties, items, nullable.
     */
    private static void conform(JsonNode value, JsonNode schema, String where, List<String> problems) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").textValue().replace("#/components/schemas/", "");
            conform(value, document.get("components").get("schemas").get(name), where, problems);
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(where + " is null but not nullable");
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + " is not an object");
                    return;
                }
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.path("additionalProperties");
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (properties.has(field.getKey())) {
                        conform(field.getValue(), properties.get(field.getKey()), where + "." + field.getKey(),
                                problems);
                    } else if (additional.isObject()) {
                        conform(field.getValue(), additional, where + "." + field.getKey(), problems);
                    } else if (!additional.asBoolean(false)) {
                        problems.add(where + "." + field.getKey() + " is not documented");
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + " is not an array");
                    return;
                }
                int i = 0;
                for (JsonNode item : value) {
                    conform(item, schema.path("items"), where + "[" + i++ + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + " is not a string: " + value);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + " is not an integer: " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(where + " is not a number: " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + " is not a boolean: " + value);
                }
            }
            default -> {
                // no type (an enum, or any value): nothing to check
            }
        }
    }
}
