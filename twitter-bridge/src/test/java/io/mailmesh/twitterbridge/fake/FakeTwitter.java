package io.mailmesh.twitterbridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Twitter v1.1 REST API, speaking the endpoints Twitter4J 4.1.2 calls for direct
 * messages: {@code GET direct_messages/events/list.json} (cursor pagination), {@code POST
 * direct_messages/events/new.json}, {@code GET users/show.json} and {@code users/lookup.json}. Every request must
 * carry an OAuth 1.0a header; the token says whose account it is. Tests can make an account's next calls answer
 * 429 (with rate-limit headers) or revoke its token (401, error 89).
 */
public final class FakeTwitter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOKEN = Pattern.compile("oauth_token=\"([^\"]*)\"");
    private static final Pattern CONSUMER = Pattern.compile("oauth_consumer_key=\"([^\"]*)\"");
    private static final Pattern SIGNATURE = Pattern.compile("oauth_signature=\"([^\"]+)\"");

    /** One request as the server saw it. */
    public record Request(String method, String path, Map<String, String> params, String token) {
    }

    private record Failure(int status, int code, String message, long resetEpochSecond) {
    }

    private final HttpServer server;
    private final Object lock = new Object();
    private final Map<String, Long> screenNames = new HashMap<>();
    private final Map<String, Long> tokenOwners = new HashMap<>();
    private final Set<String> revokedTokens = new HashSet<>();
    private final Map<String, Deque<Failure>> failures = new HashMap<>();
    private final List<ObjectNode> events = new ArrayList<>();
    private final List<ObjectNode> created = new ArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong nextId = new AtomicLong(5_000_000);
    private volatile int pageSize = 50;

    public FakeTwitter() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/1.1/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The base URL to configure as TWITTER_API_URL. */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/1.1/");
    }

    /** A user Twitter knows. */
    public void addUser(String screenName, long id) {
        synchronized (lock) {
            screenNames.put(screenName.toLowerCase(), id);
        }
    }

    /** A user whose access token is {@code token}. */
    public void addAccount(String screenName, long id, String token) {
        synchronized (lock) {
            addUser(screenName, id);
            tokenOwners.put(token, id);
        }
    }

    /** Largest page served, whatever count the client asks for. */
    public void pageSize(int size) {
        pageSize = size;
    }

    /** A direct message already in the accounts' history. */
    public void addDm(String id, long senderId, long recipientId, String text) {
        synchronized (lock) {
            events.add(event(id, senderId, recipientId, text));
        }
    }

    /** The next {@code count} calls with {@code token} answer 429, the limit resetting in {@code resetSeconds}. */
    public void rateLimitNext(String token, int count, long resetSeconds) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                failures.computeIfAbsent(token, t -> new ArrayDeque<>()).add(new Failure(429, 88,
                        "Rate limit exceeded", Instant.now().getEpochSecond() + resetSeconds));
            }
        }
    }

    /** Every later call with {@code token} answers 401 with error 89. */
    public void revoke(String token) {
        synchronized (lock) {
            revokedTokens.add(token);
        }
    }

    /** Every request served, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests to one endpoint (path relative to the base, e.g. {@code direct_messages/events/new.json}). */
    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The direct messages created through the API, in order. */
    public List<JsonNode> sentDms() {
        synchronized (lock) {
            return List.copyOf(created);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring("/1.1/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                params.putAll(query(body));
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String token = auth == null ? null : match(TOKEN, auth);
            requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(params), token));
            if (auth == null || !auth.startsWith("OAuth ") || match(CONSUMER, auth) == null
                    || match(SIGNATURE, auth) == null || token == null) {
                error(exchange, 400, 215, "Bad Authentication data.", null);
                return;
            }
            Long owner;
            Failure failure;
            synchronized (lock) {
                owner = revokedTokens.contains(token) ? null : tokenOwners.get(token);
                Deque<Failure> queued = failures.get(token);
                failure = queued == null ? null : queued.poll();
            }
            if (owner == null) {
                error(exchange, 401, 89, "Invalid or expired token.", null);
                return;
            }
            if (failure != null) {
                error(exchange, failure.status(), failure.code(), failure.message(), failure);
                return;
            }
            route(exchange, exchange.getRequestMethod(), path, params, body, owner);
        } catch (RuntimeException e) {
            error(exchange, 500, 131, "fake twitter failed: " + e, null);
        }
    }

    private void route(HttpExchange exchange, String method, String path, Map<String, String> params, String body,
                       long owner) throws IOException {
        switch (method + " " + path) {
            case "GET direct_messages/events/list.json" -> list(exchange, params, owner);
            case "POST direct_messages/events/new.json" -> send(exchange, body, owner);
            case "GET users/show.json" -> show(exchange, params);
            case "GET users/lookup.json", "POST users/lookup.json" -> lookup(exchange, params);
            default -> error(exchange, 404, 34, "Sorry, that page does not exist.", null);
        }
    }

    private void list(HttpExchange exchange, Map<String, String> params, long owner) throws IOException {
        int count = Math.min(pageSize, Integer.parseInt(params.getOrDefault("count", "20")));
        int offset = params.containsKey("cursor") ? Integer.parseInt(params.get("cursor").substring(1)) : 0;
        List<ObjectNode> mine;
        synchronized (lock) {
            mine = events.stream().filter(e -> involves(e, owner))
                    .sorted(Comparator.comparing((ObjectNode e) -> new BigInteger(e.get("id").asText())).reversed())
                    .toList();
        }
        ObjectNode page = JSON.createObjectNode();
        ArrayNode array = page.putArray("events");
        mine.subList(Math.min(offset, mine.size()), Math.min(offset + count, mine.size())).forEach(array::add);
        if (offset + count < mine.size()) {
            page.put("next_cursor", "c" + (offset + count));
        }
        page.putObject("apps");
        json(exchange, 200, page, null);
    }

    private void send(HttpExchange exchange, String body, long owner) throws IOException {
        JsonNode request = JSON.readTree(body).path("event").path("message_create");
        String recipient = request.path("target").path("recipient_id").asText();
        String text = request.path("message_data").path("text").asText();
        if (recipient.isEmpty() || text.isEmpty()) {
            error(exchange, 400, 214, "event.message_create.target: missing recipient or text", null);
            return;
        }
        ObjectNode event = event(String.valueOf(nextId.incrementAndGet()), owner, Long.parseLong(recipient), text);
        synchronized (lock) {
            events.add(event);
            created.add(event);
        }
        ObjectNode response = JSON.createObjectNode();
        response.set("event", event);
        json(exchange, 200, response, null);
    }

    private void show(HttpExchange exchange, Map<String, String> params) throws IOException {
        String name = params.getOrDefault("screen_name", "");
        Long id;
        synchronized (lock) {
            id = screenNames.get(name.toLowerCase());
        }
        if (id == null) {
            error(exchange, 404, 50, "User not found.", null);
            return;
        }
        json(exchange, 200, user(id, name), null);
    }

    private void lookup(HttpExchange exchange, Map<String, String> params) throws IOException {
        ArrayNode users = JSON.createArrayNode();
        synchronized (lock) {
            for (String id : params.getOrDefault("user_id", "").split(",")) {
                screenNames.entrySet().stream().filter(e -> String.valueOf(e.getValue()).equals(id.trim()))
                        .findFirst().ifPresent(e -> users.add(user(e.getValue(), e.getKey())));
            }
        }
        if (users.isEmpty()) {
            error(exchange, 404, 17, "No user matches for specified terms.", null);
            return;
        }
        json(exchange, 200, users, null);
    }

    private static boolean involves(JsonNode event, long owner) {
        JsonNode create = event.path("message_create");
        return create.path("sender_id").asText().equals(String.valueOf(owner))
                || create.path("target").path("recipient_id").asText().equals(String.valueOf(owner));
    }

    private static ObjectNode event(String id, long senderId, long recipientId, String text) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", "message_create");
        event.put("id", id);
        event.put("created_timestamp", String.valueOf(Instant.now().toEpochMilli()));
        ObjectNode create = event.putObject("message_create");
        create.putObject("target").put("recipient_id", String.valueOf(recipientId));
        create.put("sender_id", String.valueOf(senderId));
        ObjectNode data = create.putObject("message_data");
        data.put("text", text);
        ObjectNode entities = data.putObject("entities");
        entities.putArray("hashtags");
        entities.putArray("symbols");
        entities.putArray("user_mentions");
        entities.putArray("urls");
        return event;
    }

    private static ObjectNode user(long id, String screenName) {
        ObjectNode user = JSON.createObjectNode();
        user.put("id", id);
        user.put("id_str", String.valueOf(id));
        user.put("name", screenName);
        user.put("screen_name", screenName);
        user.put("created_at", "Wed Oct 10 20:19:24 +0000 2018");
        user.put("protected", false);
        return user;
    }

    private static void error(HttpExchange exchange, int status, int code, String message, Failure failure)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").addObject().put("code", code).put("message", message);
        json(exchange, status, body, failure);
    }

    private static void json(HttpExchange exchange, int status, JsonNode body, Failure failure) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        if (failure != null && failure.status() == 429) {
            exchange.getResponseHeaders().set("x-rate-limit-limit", "15");
            exchange.getResponseHeaders().set("x-rate-limit-remaining", "0");
            exchange.getResponseHeaders().set("x-rate-limit-reset", String.valueOf(failure.resetEpochSecond()));
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
    }
}
