package io.mailmesh.twitterbridge.account;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.twitterbridge.TwitterSettings;
import jakarta.inject.Inject;
import java.util.Properties;
import twitter4j.Twitter;

/**
 * Builds a Twitter4J client for one identity: the app key and secret from the settings (else those stored with
 * the identity), the identity's access token, the configured API base URL, raw JSON kept, no retries (the mesh
 * retries).
 */
public final class TwitterClients {
    private final TwitterSettings settings;

    @Inject
    public TwitterClients(TwitterSettings settings) {
        this.settings = settings;
    }

    /** @throws OrderFailedException (rejected) when the credentials lack a token or the app key is unknown */
    public Twitter build(String identityId, Credentials credentials) throws OrderFailedException {
        String consumerKey = settings.consumerKey() != null ? settings.consumerKey() : credentials.appKey();
        String consumerSecret = settings.consumerSecret() != null ? settings.consumerSecret()
                : credentials.appSecret();
        if (isBlank(consumerKey) || isBlank(consumerSecret)) {
            throw OrderFailedException.rejected(ErrorCode.MISSING_APP_KEY, "no Twitter app key and secret: set "
                    + "TWITTER_CONSUMER_KEY and TWITTER_CONSUMER_SECRET or store them with identity " + identityId);
        }
        if (isBlank(credentials.accessToken()) || isBlank(credentials.accessTokenSecret())) {
            throw OrderFailedException.rejected(ErrorCode.MISSING_TOKEN,
                    "identity " + identityId + " has no Twitter access token and secret");
        }
        // Twitter4J 4.1.2 has no public setter for the REST base URL; its property loader sets it.
        Properties urls = new Properties();
        urls.setProperty("restBaseURL", settings.apiUrl().toString());
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.httpTimeout().toMillis());
        return Twitter.newBuilder()
                .load(urls)
                .oAuthConsumer(consumerKey, consumerSecret)
                .oAuthAccessToken(credentials.accessToken(), credentials.accessTokenSecret())
                .jsonStoreEnabled(true)
                .mBeanEnabled(false)
                .prettyDebugEnabled(false)
                .httpRetryCount(0)
                .httpConnectionTimeout(timeoutMillis)
                .httpReadTimeout(timeoutMillis)
                .build();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
