package io.mailmesh.mqworker.keys;

import com.google.inject.Inject;
import io.mailmesh.mesh.net.OutboundGuard;
import io.mailmesh.mesh.net.OutboundRefusedException;
import io.mailmesh.mqworker.MqWorkerSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks OpenPGP keys up for one e-mail address: WKD advanced ({@code https://openpgpkey.<domain>/.well-known/
 * openpgpkey/<domain>/hu/<hash>?l=<local>}), WKD direct ({@code https://<domain>/.well-known/openpgpkey/hu/
 * <hash>?l=<local>}) and HKP ({@code <HKP_URL>/pks/lookup?op=get&options=mr&search=<address>}). With
 * {@code WKD_BASE_URL} both WKD methods are asked of that base instead of the real hosts.
 *
 * <p>A missing key (404, 410), a WKD host that does not exist or refuses connections, and an unreadable answer
 * count as "no key", and so does a WKD host (or a redirect from it) outside the networks {@link OutboundGuard}
 * allows, and a WKD answer over {@code KEY_LOOKUP_MAX_BYTES}. A timeout, an HKP answer over the bound, a 5xx/429 answer or a key server that cannot be reached are failures: the caller
 * leaves the order to the durable back-off.
 */
public final class KeyLookup {
    private static final Logger LOG = LoggerFactory.getLogger(KeyLookup.class);

    private final KeyServerClient client;
    private final MqWorkerSettings settings;

    @Inject
    KeyLookup(HttpClient http, MqWorkerSettings settings, OutboundGuard outbound) {
        this.client = new KeyServerClient(http, outbound, settings.keyLookupMaxBytes(), settings.keyLookupTimeout());
        this.settings = settings;
    }

    /** Every key the three methods return for {@code address}. */
    public LookupResult lookup(String address) {
        String normalized = address.trim().toLowerCase(Locale.ROOT);
        int at = normalized.lastIndexOf('@');
        List<KeyMaterial> keys = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (at > 0 && at < normalized.length() - 1) {
            wkd(address.trim(), at, normalized, keys, failures);
        }
        fetch("HKP", resolve(settings.hkpUrl(), "/pks/lookup?op=get&options=mr&search=" + encode(normalized)),
                false, keys, failures);
        return new LookupResult(keys, failures);
    }

    private void wkd(String address, int at, String normalized, List<KeyMaterial> keys, List<String> failures) {
        try {
            String local = address.substring(0, at);
            String domain = normalized.substring(at + 1);
            String hash = ZBase32.encode(sha1(local.toLowerCase(Locale.ROOT)));
            String query = "?l=" + encode(local);
            String advanced = "/.well-known/openpgpkey/" + domain + "/hu/" + hash + query;
            String direct = "/.well-known/openpgpkey/hu/" + hash + query;
            URI advancedUri = settings.wkdOverride().map(b -> resolve(b, advanced))
                    .orElse(URI.create("https://openpgpkey." + domain + advanced));
            URI directUri = settings.wkdOverride().map(b -> resolve(b, direct))
                    .orElse(URI.create("https://" + domain + direct));
            fetch("WKD advanced", advancedUri, true, keys, failures);
            fetch("WKD direct", directUri, true, keys, failures);
        } catch (IllegalArgumentException e) {
            LOG.debug("no WKD look-up for a domain that is not a host name: {}", e.getMessage());
        }
    }

    private void fetch(String method, URI uri, boolean wkd, List<KeyMaterial> keys, List<String> failures) {
        boolean userChosen = wkd && settings.wkdOverride().isEmpty(); // the contact's domain, not our configuration
        try {
            KeyServerClient.Answer answer = client.get(uri, wkd ? "application/octet-stream" : "application/pgp-keys",
                    userChosen);
            int status = answer.status();
            if (status == 200) {
                parse(method, answer.body()).ifPresent(keys::addAll);
            } else if (status >= 500 || status == 429) {
                failures.add(method + " answered " + status);
            } else {
                LOG.debug("{} {} answered {}", method, uri.getHost(), status);
            }
        } catch (OutboundRefusedException e) {
            LOG.debug("{} not asked: {}", method, e.getMessage());
        } catch (KeyServerClient.TooLargeException e) {
            LOG.info("{} {}: {}", method, uri.getHost(), e.getMessage());
            if (!wkd) {
                failures.add(method + " answer too large");
            }
        } catch (HttpTimeoutException e) {
            failures.add(method + " timed out");
        } catch (ConnectException | SSLException e) {
            if (wkd) {
                LOG.debug("{} {} unreachable, no key there: {}", method, uri.getHost(), e.toString());
            } else {
                failures.add(method + " unreachable: " + e.getClass().getSimpleName());
            }
        } catch (IOException e) {
            failures.add(method + " failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(method + " interrupted");
        } catch (IllegalArgumentException e) {
            LOG.debug("{} cannot ask {}: {}", method, uri, e.getMessage());
        }
    }

    private static Optional<List<KeyMaterial>> parse(String method, byte[] body) {
        try {
            return Optional.of(OpenPgpKeys.parse(body));
        } catch (IllegalArgumentException e) {
            LOG.info("{} returned something that is not a key: {}", method, e.getMessage());
            return Optional.empty();
        }
    }

    private static URI resolve(URI base, String pathAndQuery) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static byte[] sha1(String text) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
