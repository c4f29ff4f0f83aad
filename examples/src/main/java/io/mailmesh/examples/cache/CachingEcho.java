package io.mailmesh.examples.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.mailmesh.examples.ExampleRoutes;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.OrderHandler;
import io.mailmesh.orders.Reply;
import java.time.Duration;
import java.util.List;

/**
 * Caching echo: a Caffeine cache in front of the echo handler, so the same text within {@link #TTL} is answered
 * without reaching it. The ticker is the cache's clock (a test moves it by hand).
 */
public final class CachingEcho implements HandlerSet {
    public static final Duration TTL = Duration.ofSeconds(5);

    private final Cache<String, Reply> answers;
    private final OrderHandler<CachedEcho> echo;

    public CachingEcho(Ticker ticker, OrderHandler<CachedEcho> echo) {
        this.answers = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).ticker(ticker).build();
        this.echo = echo;
    }

    /** The echo itself: what the cache saves. */
    public static Reply compute(CachedEcho order) {
        return Reply.ok("echo: " + order.text());
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(HandlerBinding.of(ExampleRoutes.CACHED_ECHO, CachedEcho.KIND, (order, context) -> {
            Reply cached = answers.getIfPresent(order.text());
            if (cached != null) {
                return cached;
            }
            Reply fresh = echo.handle(order, context);
            if (!fresh.error()) {
                answers.put(order.text(), fresh);
            }
            return fresh;
        }));
    }
}
