package io.mailmesh.mqworker.contact;

import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.SocialIdentity;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The participant addresses that belong to a contact.
 *
 * @param emails          e-mail addresses, lower-case
 * @param twitterNames    Twitter screen names, lower-case
 */
record LinkTargets(Set<String> emails, Set<String> twitterNames) {
    static final LinkTargets NONE = new LinkTargets(Set.of(), Set.of());

    static LinkTargets of(Contact contact) {
        Set<String> emails = new HashSet<>();
        for (ContactEmail e : contact.emails()) {
            if (e.address() != null) {
                emails.add(e.address().trim().toLowerCase(Locale.ROOT));
            }
        }
        Set<String> twitter = new HashSet<>();
        for (SocialIdentity s : contact.socialIdentities()) {
            if ("twitter".equalsIgnoreCase(s.network()) && s.name() != null) {
                String name = s.name().trim().toLowerCase(Locale.ROOT);
                twitter.add(name.startsWith("@") ? name.substring(1) : name);
            }
        }
        return new LinkTargets(Set.copyOf(emails), Set.copyOf(twitter));
    }

    boolean matches(Participant p) {
        String address = p.address() == null ? "" : p.address().toLowerCase(Locale.ROOT);
        return p.protocol() == Protocol.TWITTER ? twitterNames.contains(address) : emails.contains(address);
    }
}
