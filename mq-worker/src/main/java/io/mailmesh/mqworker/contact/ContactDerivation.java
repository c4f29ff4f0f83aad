package io.mailmesh.mqworker.contact;

import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.SocialIdentity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The derived fields of a contact (the store model keeps the primary address first in {@code emails}). */
final class ContactDerivation {
    private ContactDerivation() {
    }

    static Contact derive(Contact contact, List<String> storedKeyIds) {
        Contact ordered = orderEmails(contact);
        List<SocialIdentity> social = new ArrayList<>();
        for (SocialIdentity s : contact.socialIdentities()) {
            if (s.network() != null && s.name() != null && !s.name().isBlank()) {
                SocialIdentity clean = new SocialIdentity(s.network().trim().toLowerCase(Locale.ROOT),
                        stripAt(s.name().trim().toLowerCase(Locale.ROOT)));
                if (!social.contains(clean)) {
                    social.add(clean);
                }
            }
        }
        ordered = ordered.withSocialIdentities(social);
        return ordered.withNames(contact.givenName(), contact.familyName(), displayName(ordered))
                .withPublicKeyIds(List.copyOf(storedKeyIds));
    }

    /** Addresses trimmed, lower-cased, de-duplicated; the one labelled primary/pref (else the first) first. */
    static Contact orderEmails(Contact contact) {
        Map<String, ContactEmail> byAddress = new LinkedHashMap<>();
        for (ContactEmail email : contact.emails()) {
            if (email.address() != null && !email.address().isBlank()) {
                String address = email.address().trim().toLowerCase(Locale.ROOT);
                byAddress.putIfAbsent(address, new ContactEmail(address, email.label()));
            }
        }
        List<ContactEmail> emails = new ArrayList<>(byAddress.values());
        emails.stream().filter(e -> e.label() != null && (e.label().equalsIgnoreCase("primary")
                || e.label().equalsIgnoreCase("pref"))).findFirst().ifPresent(primary -> {
                    emails.remove(primary);
                    emails.add(0, primary);
                });
        return contact.withEmails(emails);
    }

    private static String displayName(Contact c) {
        if (c.displayName() != null && !c.displayName().isBlank()) {
            return c.displayName().trim();
        }
        String names = ((c.givenName() == null ? "" : c.givenName().trim()) + " "
                + (c.familyName() == null ? "" : c.familyName().trim())).trim();
        if (!names.isEmpty()) {
            return names;
        }
        if (!c.emails().isEmpty()) {
            return c.emails().get(0).address();
        }
        return c.socialIdentities().isEmpty() ? null : c.socialIdentities().get(0).name();
    }

    private static String stripAt(String name) {
        return name.startsWith("@") ? name.substring(1) : name;
    }
}
