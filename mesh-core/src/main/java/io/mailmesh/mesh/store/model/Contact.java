package io.mailmesh.mesh.store.model;

import java.util.List;

/**
 * A contact of one user.
 *
 * @param id               contact id
 * @param userId           owning user
 * @param givenName        given name, or null
 * @param familyName       family name, or null
 * @param displayName      display name, or null
 * @param emails           e-mail addresses
 * @param socialIdentities social network accounts
 * @param publicKeyIds     ids of its {@link PublicKey}s
 */
public record Contact(String id, String userId, String givenName, String familyName, String displayName,
        List<ContactEmail> emails, List<SocialIdentity> socialIdentities, List<String> publicKeyIds) {
    public Contact {
        emails = Lists.copy(emails);
        socialIdentities = Lists.copy(socialIdentities);
        publicKeyIds = Lists.copy(publicKeyIds);
    }

    public Contact withNames(String given, String family, String display) {
        return new Contact(id, userId, given, family, display, emails, socialIdentities, publicKeyIds);
    }

    public Contact withEmails(List<ContactEmail> newEmails) {
        return new Contact(id, userId, givenName, familyName, displayName, newEmails, socialIdentities,
                publicKeyIds);
    }

    public Contact withSocialIdentities(List<SocialIdentity> newIdentities) {
        return new Contact(id, userId, givenName, familyName, displayName, emails, newIdentities, publicKeyIds);
    }

    public Contact withPublicKeyIds(List<String> newKeyIds) {
        return new Contact(id, userId, givenName, familyName, displayName, emails, socialIdentities, newKeyIds);
    }
}
