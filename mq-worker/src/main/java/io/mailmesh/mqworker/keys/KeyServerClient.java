package io.mailmesh.mqworker.keys;

import io.mailmesh.mesh.net.OutboundGuard;
import io.mailmesh.mesh.net.OutboundRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One GET to a key server, bounded: at most {@code maxBytes} of answer are read (a bigger answer is refused
 * without being held), and redirects are followed here rather than by the HTTP client, at most
 * {@value #MAX_REDIRECTS} and never from https to http, so that every hop of a look-up that started at a
 * user-derived host (a WKD host is the contact's domain) passes the {@link OutboundGuard} too: a hostile key server
 * cannot bounce the worker onto the private network.
 */
final class KeyServerClient {
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient http;
    private final OutboundGuard guard;
    private final long maxBytes;
    private final Duration timeout;

    /** An answer: its status and, for a 200, its body. */
    record Answer(int status, byte[] body) {
    }

    /** An answer bigger than the bound. */
    static final class TooLargeException extends IOException {
        TooLargeException(long maxBytes) {
            super("the answer is larger than " + maxBytes + " bytes (KEY_LOOKUP_MAX_BYTES)");
        }
    }

    KeyServerClient(HttpClient http, OutboundGuard guard, long maxBytes, Duration timeout) {
        if (http.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the key server client follows redirects itself");
        }
        this.http = http;
        this.guard = guard;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    /**
     * GETs {@code uri}.
     *
     * @param userChosen whether the host came from user data: then it and every redirect target must pass the guard
     * @throws OutboundRefusedException when a host is refused or a redirect is not followed
     * @throws TooLargeException        when the answer exceeds the bound
     */
    Answer get(URI uri, String accept, boolean userChosen)
            throws IOException, InterruptedException, OutboundRefusedException {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            if (userChosen) {
                guard.check(current.getHost());
            }
            HttpRequest request = HttpRequest.newBuilder(current).timeout(timeout).GET().header("Accept", accept)
                    .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (REDIRECTS.contains(status)) {
                    if (hop >= MAX_REDIRECTS) {
                        throw new OutboundRefusedException("more than " + MAX_REDIRECTS + " redirects");
                    }
                    current = redirectTarget(current, response.headers().firstValue("Location"));
                    continue;
                }
                if (status != 200) {
                    return new Answer(status, new byte[0]);
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                return new Answer(status, bytes);
            }
        }
    }

    private static URI redirectTarget(URI from, Optional<String> location) throws OutboundRefusedException {
        if (location.isEmpty() || location.get().isBlank()) {
            throw new OutboundRefusedException("a redirect without a Location");
        }
        URI target;
        try {
            target = from.resolve(location.get().trim());
        } catch (IllegalArgumentException e) {
            throw new OutboundRefusedException("a redirect to something that is not a URL");
        }
        String scheme = target.getScheme();
        if (target.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
            throw new OutboundRefusedException("a redirect to something that is not an http(s) URL");
        }
        if ("https".equals(from.getScheme()) && "http".equals(scheme)) {
            throw new OutboundRefusedException("a redirect from https to plain http");
        }
        return target;
    }
}
