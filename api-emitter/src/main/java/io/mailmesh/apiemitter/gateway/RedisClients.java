package io.mailmesh.apiemitter.gateway;

import java.net.URI;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;

/** Builds Jedis clients from a {@code redis://[user:password@]host:port[/db]} URL with short timeouts. */
public final class RedisClients {
    private RedisClients() {
    }

    public static JedisPooled pooled(String url) {
        URI uri = URI.create(url);
        return new JedisPooled(hostAndPort(uri), config(uri, 2_000));
    }

    /** A single connection whose socket timeout outlasts a blocking command of {@code blockSeconds}. */
    public static Jedis single(String url, int blockSeconds) {
        URI uri = URI.create(url);
        return new Jedis(hostAndPort(uri), config(uri, blockSeconds * 1000 + 2_000));
    }

    private static HostAndPort hostAndPort(URI uri) {
        return new HostAndPort(uri.getHost() == null ? "127.0.0.1" : uri.getHost(),
                uri.getPort() < 0 ? 6379 : uri.getPort());
    }

    private static JedisClientConfig config(URI uri, int socketTimeoutMillis) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder().connectionTimeoutMillis(1_000)
                .socketTimeoutMillis(socketTimeoutMillis).ssl("rediss".equals(uri.getScheme()));
        String info = uri.getUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                builder.password(info);
            } else {
                if (colon > 0) {
                    builder.user(info.substring(0, colon));
                }
                builder.password(info.substring(colon + 1));
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            builder.database(Integer.parseInt(path.substring(1)));
        }
        return builder.build();
    }
}
