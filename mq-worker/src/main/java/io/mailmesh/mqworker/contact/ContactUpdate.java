package io.mailmesh.mqworker.contact;

import com.google.inject.Inject;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.OrderHandler;
import io.mailmesh.mesh.store.ContactStore;
import io.mailmesh.mesh.store.PublicKeyStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.PublicKey;
import io.mailmesh.mesh.store.model.SocialIdentity;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * contact_update on contactAction.
 *
 * <ol>
 *   <li>Derived fields: addresses trimmed, lower-cased and de-duplicated with the primary one first (label
 *       {@code primary} or {@code pref}, else the first), display name from the names or the primary address
 *       when empty, {@code publicKeyIds} made equal to the keys stored for the contact (the key count).</li>
 *   <li>Lookups: the store drops the entries of addresses the contact no longer has when it is written; an
 *       address or social id whose lookup does not lead back to the contact (lost, or taken by another contact)
 *       is rewritten.</li>
 *   <li>Re-linking of the user's messages and discussions, see {@link ParticipantRelinker}.</li>
 * </ol>
 * A contact that no longer exists has its id removed from every participant.
 */
public final class ContactUpdate implements OrderHandler<ContactOrder> {
    private final ContactStore contacts;
    private final PublicKeyStore keys;
    private final ParticipantRelinker relinker;

    @Inject
    ContactUpdate(ContactStore contacts, PublicKeyStore keys, ParticipantRelinker relinker) {
        this.contacts = contacts;
        this.keys = keys;
        this.relinker = relinker;
    }

    @Override
    public Reply handle(ContactOrder order, OrderContext context) throws OrderFailedException {
        Optional<Contact> found = find(order.userId(), order.contactId());
        if (found.isEmpty()) {
            ParticipantRelinker.Outcome outcome = relinker.relink(order.userId(), order.contactId(),
                    LinkTargets.NONE);
            return Reply.ok("contact " + order.contactId() + " does not exist: unlinked from "
                    + outcome.describe());
        }
        List<String> keyIds = keys.publicKeysOf(order.userId(), order.contactId()).stream()
                .map(PublicKey::keyId).toList();
        Contact derived = contacts.updateContact(order.userId(), order.contactId(),
                c -> ContactDerivation.derive(c, keyIds));
        int repaired = repairLookups(derived);
        ParticipantRelinker.Outcome outcome = relinker.relink(order.userId(), order.contactId(),
                LinkTargets.of(derived));
        return Reply.ok("contact " + order.contactId() + " updated: " + repaired + " lookup(s) repaired, "
                + outcome.describe());
    }

    private Optional<Contact> find(String userId, String contactId) {
        try {
            return Optional.of(contacts.contact(userId, contactId));
        } catch (RecordNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Rewrites the lookups that do not lead back to the contact: removed, then added again, so the store writes them. */
    private int repairLookups(Contact contact) {
        List<ContactEmail> lostEmails = new ArrayList<>();
        for (ContactEmail email : contact.emails()) {
            if (!leadsBack(contacts.contactByEmail(contact.userId(), email.address()), contact)) {
                lostEmails.add(email);
            }
        }
        List<SocialIdentity> lostSocial = new ArrayList<>();
        for (SocialIdentity social : contact.socialIdentities()) {
            if (social.network() != null && social.name() != null && !leadsBack(contacts.contactBySocialIdentity(
                    contact.userId(), social.network(), social.name()), contact)) {
                lostSocial.add(social);
            }
        }
        if (lostEmails.isEmpty() && lostSocial.isEmpty()) {
            return 0;
        }
        contacts.updateContact(contact.userId(), contact.id(), c -> c
                .withEmails(c.emails().stream().filter(e -> !lostEmails.contains(e)).toList())
                .withSocialIdentities(c.socialIdentities().stream().filter(s -> !lostSocial.contains(s)).toList()));
        contacts.updateContact(contact.userId(), contact.id(), c -> {
            List<ContactEmail> emails = new ArrayList<>(c.emails());
            lostEmails.stream().filter(e -> !emails.contains(e)).forEach(emails::add);
            List<SocialIdentity> social = new ArrayList<>(c.socialIdentities());
            lostSocial.stream().filter(s -> !social.contains(s)).forEach(social::add);
            return ContactDerivation.orderEmails(c.withEmails(emails).withSocialIdentities(social));
        });
        return lostEmails.size() + lostSocial.size();
    }

    private static boolean leadsBack(Optional<Contact> found, Contact contact) {
        return found.map(c -> c.id().equals(contact.id())).orElse(false);
    }
}
