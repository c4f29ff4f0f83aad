package io.mailmesh.apiemitter.contacts;

import com.google.inject.Inject;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mailmesh.apiemitter.web.Access;
import io.mailmesh.apiemitter.web.ApiException;
import io.mailmesh.apiemitter.web.Body;
import io.mailmesh.apiemitter.web.RouteGroup;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.PublicKey;
import io.mailmesh.mesh.store.model.SocialIdentity;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.KeyOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The caller's contacts and their public keys. Every change emits contact_update on contactAction; a change of
 * e-mail addresses or social identities also emits discover_key; adding a key emits publish_key and deleting one
 * delete_key on keyAction.
 */
public final class ContactRoutes implements RouteGroup {
    private static final String CONTACTS = "/api/v2/contacts";

    private final MeshStore store;
    private final OrderEmitter emitter;

    @Inject
    ContactRoutes(MeshStore store, OrderEmitter emitter) {
        this.store = store;
        this.emitter = emitter;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(CONTACTS, this::create);
        routes.get(CONTACTS, ctx -> ctx.json(store.contacts().contactsOf(Access.userId(ctx))));
        routes.get(CONTACTS + "/{id}", ctx -> ctx.json(contact(ctx)));
        routes.patch(CONTACTS + "/{id}", this::update);
        routes.delete(CONTACTS + "/{id}", this::delete);
        routes.post(CONTACTS + "/{id}/publickeys", this::addKey);
        routes.get(CONTACTS + "/{id}/publickeys", ctx -> {
            Contact contact = contact(ctx);
            ctx.json(store.publicKeys().publicKeysOf(contact.userId(), contact.id()));
        });
        routes.delete(CONTACTS + "/{id}/publickeys/{key_id}", this::deleteKey);
    }

    private void create(Context ctx) {
        String user = Access.userId(ctx);
        Body body = Body.of(ctx.bodyAsBytes());
        List<ContactEmail> emails = emails(body).orElse(List.of());
        List<SocialIdentity> social = socialIdentities(body).orElse(List.of());
        Contact contact = new Contact(Ids.newId(), user, body.optionalString("given_name").orElse(null),
                body.optionalString("family_name").orElse(null), body.optionalString("display_name").orElse(null),
                emails, social, List.of());
        if (contact.givenName() == null && contact.familyName() == null && contact.displayName() == null
                && emails.isEmpty() && social.isEmpty()) {
            throw ApiException.invalid("display_name", "a contact needs a name, an e-mail or a social identity");
        }
        Contact stored = store.contacts().putContact(contact);
        emitter.publish(Routes.CONTACT_ACTION, ContactOrder.of(OrderType.CONTACT_UPDATE, stored.id(), user));
        ctx.status(201).json(stored);
    }

    private void update(Context ctx) {
        Contact current = contact(ctx);
        Body body = Body.of(ctx.bodyAsBytes());
        Optional<String> given = body.optionalString("given_name");
        Optional<String> family = body.optionalString("family_name");
        Optional<String> display = body.optionalString("display_name");
        Optional<List<ContactEmail>> emails = emails(body);
        Optional<List<SocialIdentity>> social = socialIdentities(body);
        Contact updated = store.contacts().updateContact(current.userId(), current.id(), c -> {
            Contact next = c.withNames(given.orElse(c.givenName()), family.orElse(c.familyName()),
                    display.orElse(c.displayName()));
            next = emails.map(next::withEmails).orElse(next);
            return social.map(next::withSocialIdentities).orElse(next);
        });
        emitter.publish(Routes.CONTACT_ACTION, ContactOrder.of(OrderType.CONTACT_UPDATE, updated.id(),
                updated.userId()));
        if (!updated.emails().equals(current.emails())
                || !updated.socialIdentities().equals(current.socialIdentities())) {
            emitter.publish(Routes.KEY_ACTION, ContactOrder.of(OrderType.DISCOVER_KEY, updated.id(),
                    updated.userId()));
        }
        ctx.json(updated);
    }

    private void delete(Context ctx) {
        Contact contact = contact(ctx);
        for (PublicKey key : store.publicKeys().publicKeysOf(contact.userId(), contact.id())) {
            store.publicKeys().deletePublicKey(contact.userId(), key.keyId());
        }
        store.contacts().deleteContact(contact.userId(), contact.id());
        emitter.publish(Routes.CONTACT_ACTION, ContactOrder.of(OrderType.CONTACT_UPDATE, contact.id(),
                contact.userId()));
        ctx.status(204);
    }

    private void addKey(Context ctx) {
        Contact contact = contact(ctx);
        Body body = Body.of(ctx.bodyAsBytes());
        PublicKey key = ArmoredKeys.parse(body.requiredString("armored"), contact.userId(), contact.id(),
                body.optionalString("label").orElse(null));
        PublicKey stored = store.publicKeys().putPublicKey(key);
        store.contacts().updateContact(contact.userId(), contact.id(), c -> {
            List<String> ids = new ArrayList<>(c.publicKeyIds());
            if (!ids.contains(stored.keyId())) {
                ids.add(stored.keyId());
            }
            return c.withPublicKeyIds(ids);
        });
        emitter.publish(Routes.KEY_ACTION, KeyOrder.of(OrderType.PUBLISH_KEY, stored.keyId(), contact.id(),
                contact.userId()));
        ctx.status(201).json(stored);
    }

    private void deleteKey(Context ctx) {
        Contact contact = contact(ctx);
        String keyId = ctx.pathParam("key_id");
        PublicKey key;
        try {
            key = store.publicKeys().publicKey(contact.userId(), Ids.require("key", keyId));
        } catch (RecordNotFoundException e) {
            throw ApiException.notFound("public key " + keyId);
        }
        if (!contact.id().equals(key.resourceId())) {
            throw ApiException.notFound("public key " + keyId);
        }
        store.publicKeys().deletePublicKey(contact.userId(), keyId);
        store.contacts().updateContact(contact.userId(), contact.id(), c -> c.withPublicKeyIds(
                c.publicKeyIds().stream().filter(id -> !id.equals(keyId)).toList()));
        emitter.publish(Routes.KEY_ACTION, KeyOrder.of(OrderType.DELETE_KEY, keyId, contact.id(), contact.userId()));
        ctx.status(204);
    }

    private Contact contact(Context ctx) {
        String user = Access.userId(ctx);
        String id = ctx.pathParam("id");
        try {
            return store.contacts().contact(user, Ids.require("contact", id));
        } catch (RecordNotFoundException e) {
            throw ApiException.notFound("contact " + id);
        }
    }

    private static Optional<List<ContactEmail>> emails(Body body) {
        return body.optionalObjects("emails", e -> {
            String address = e.requiredString("address");
            if (!address.matches("[^@\\s]+@[^@\\s]+")) {
                throw ApiException.invalid(e.name("address"), "must be an e-mail address");
            }
            return new ContactEmail(address, e.optionalString("label").orElse(null));
        });
    }

    private static Optional<List<SocialIdentity>> socialIdentities(Body body) {
        return body.optionalObjects("social_identities", s -> new SocialIdentity(s.requiredString("network"),
                s.requiredString("name")));
    }
}
