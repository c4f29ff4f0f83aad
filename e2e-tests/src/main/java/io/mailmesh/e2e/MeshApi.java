package io.mailmesh.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small client of api-emitter's REST API: JSON in, JSON out, a failure status is an exception with the body. */
public final class MeshApi {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private volatile String token;

    public MeshApi(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    /** Uses {@code token} as the bearer token of the following calls. */
    public MeshApi withToken(String token) {
        this.token = token;
        return this;
    }

    /** Registers a new user named {@code name} and calls on as that user. */
    public MeshApi asNewUser(String name) {
        return withToken(post("/api/v2/users", Map.of("name", name)).path("token").asText());
    }

    /** The bearer token in use, e.g. to call another api-emitter instance as the same user. */
    public String token() {
        return token;
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    public JsonNode patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ApiCallFailed(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw new ApiCallFailed("cannot reach the API at " + baseUrl + " (" + e.getClass().getSimpleName()
                    + "); is the mesh up?", e);
        } catch (IOException e) {
            throw new ApiCallFailed(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiCallFailed(method + " " + path + " interrupted", e);
        }
    }

    /** A REST call that did not succeed. */
    public static final class ApiCallFailed extends RuntimeException {
        ApiCallFailed(String message) {
            super(message);
        }

        ApiCallFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
