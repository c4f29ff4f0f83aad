package io.mailmesh.mesh.store.model;

/**
 * An identity's secrets, stored apart from the identity and encrypted at rest (AES-GCM). {@link #toString()}
 * never shows them. Unused fields are null.
 *
 * @param password          IMAP/SMTP password
 * @param oauth2Token       XOAUTH2 access token
 * @param accessToken       Twitter access token
 * @param accessTokenSecret Twitter access token secret
 * @param appKey            Twitter app (consumer) key
 * @param appSecret         Twitter app (consumer) secret
 */
public record Credentials(String password, String oauth2Token, String accessToken, String accessTokenSecret,
        String appKey, String appSecret) {

    public static Credentials password(String password) {
        return new Credentials(password, null, null, null, null, null);
    }

    public static Credentials oauth2(String token) {
        return new Credentials(null, token, null, null, null, null);
    }

    public static Credentials twitter(String accessToken, String accessTokenSecret, String appKey,
            String appSecret) {
        return new Credentials(null, null, accessToken, accessTokenSecret, appKey, appSecret);
    }

    @Override
    public String toString() {
        return "Credentials[password=" + mask(password) + ", oauth2Token=" + mask(oauth2Token) + ", accessToken="
                + mask(accessToken) + ", accessTokenSecret=" + mask(accessTokenSecret) + ", appKey=" + mask(appKey)
                + ", appSecret=" + mask(appSecret) + "]";
    }

    private static String mask(String secret) {
        return secret == null ? "null" : "***";
    }
}
