package io.mailmesh.mqworker.inbound;

import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.User;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The user an inbound message is imported for, the identity it came by and the user's own addresses.
 *
 * @param user            the user
 * @param identity        the identity named by {@code remote_id}
 * @param ownEmails       the user's e-mail addresses (every e-mail identity), lower-case
 * @param ownTwitterNames the user's Twitter screen names, lower-case
 */
public record Owner(User user, Identity identity, Set<String> ownEmails, Set<String> ownTwitterNames) {
    public Owner {
        ownEmails = Set.copyOf(ownEmails);
        ownTwitterNames = Set.copyOf(ownTwitterNames);
    }

    static Owner of(User user, Identity identity, java.util.List<Identity> all) {
        Set<String> emails = all.stream().filter(i -> i.protocol() != Protocol.TWITTER && i.address() != null)
                .map(i -> normalize(i.address())).collect(Collectors.toSet());
        Set<String> twitter = all.stream().filter(i -> i.protocol() == Protocol.TWITTER && i.address() != null)
                .map(i -> normalize(i.address())).collect(Collectors.toSet());
        return new Owner(user, identity, emails, twitter);
    }

    static String normalize(String address) {
        String a = address.trim().toLowerCase(Locale.ROOT);
        return a.startsWith("@") ? a.substring(1) : a;
    }

    public String userId() {
        return user.id();
    }

    /** Whether {@code address} of {@code protocol} is one of the user's own. */
    public boolean owns(Protocol protocol, String address) {
        return protocol == Protocol.TWITTER ? ownTwitterNames.contains(address) : ownEmails.contains(address);
    }
}
