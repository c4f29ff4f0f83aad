package io.mailmesh.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderCodecTest {
    private final OrderCodec codec = new OrderCodec(1024);

    private InvalidOrderException rejection(Route route, String payload) {
        return catchThrowableOfType(InvalidOrderException.class,
                () -> codec.decode(route, payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void malformedJsonIsRejectedNamingTheRoute() {
        InvalidOrderException e = rejection(Routes.OUTBOUND_SMTP, "{\"order\": \"deliver\",");

        assertThat(e.problem()).isEqualTo(Problem.MALFORMED_JSON);
        assertThat(e.getMessage()).startsWith("outboundSMTP: payload is not valid JSON");
    }

    @Test
    void aJsonArrayIsNotAnOrder() {
        InvalidOrderException e = rejection(Routes.CONTACT_ACTION, "[1, 2]");

        assertThat(e.problem()).isEqualTo(Problem.NOT_AN_OBJECT);
        assertThat(e.getMessage()).isEqualTo("contactAction: payload must be a JSON object, not an array");
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        InvalidOrderException e = rejection(Routes.OUTBOUND_SMTP,
                "{\"order\": \"deliver\", \"remote_id\": \"r\", \"user_id\": \"u\"}");

        assertThat(e.problem()).isEqualTo(Problem.MISSING_KEY);
        assertThat(e.key()).isEqualTo("message_id");
        assertThat(e.getMessage()).isEqualTo("outboundSMTP: key \"message_id\" is missing");
    }

    @Test
    void anEmptyKeyIsRejected() {
        InvalidOrderException e = rejection(Routes.CONTACT_ACTION,
                "{\"order\": \"contact_update\", \"contact_id\": \" \", \"user_id\": \"u\"}");

        assertThat(e.problem()).isEqualTo(Problem.EMPTY_KEY);
        assertThat(e.key()).isEqualTo("contact_id");
    }

    @Test
    void aNumberWhereTheSeedSaysStringIsAWrongType() {
        InvalidOrderException e = rejection(Routes.IDENTITIES, "{\"order\": \"update_interval\", \"identity_id\": \"i\","
                + " \"user_id\": \"u\", \"protocol\": \"imap\", \"poll_intervall\": 15}");

        assertThat(e.problem()).isEqualTo(Problem.WRONG_TYPE);
        assertThat(e.getMessage()).isEqualTo("identitiesWorker: key \"poll_intervall\" must be a string, not a number");
    }

    @Test
    void anOrderTheRouteDoesNotAcceptListsWhatItAccepts() {
        InvalidOrderException e = rejection(Routes.IMAP_FETCHER,
                "{\"order\": \"deliver\", \"message_id\": \"m\", \"remote_id\": \"r\", \"user_id\": \"u\"}");

        assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_ORDER);
        assertThat(e.getMessage()).contains("IMAPfetcher", "\"deliver\"", "accepted: fullfetch, sync");
    }

    @Test
    void aPayloadOverTheLimitIsRejectedBeforeParsing() {
        InvalidOrderException e = rejection(Routes.CONTACT_ACTION, "{\"pad\": \"" + "x".repeat(2000) + "\"}");

        assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE);
        assertThat(e.getMessage()).contains("over the limit of 1024 bytes");
    }

    @Test
    void unknownExtraKeysAreIgnored() throws Exception {
        Order order = codec.decode(Routes.IMAP_FETCHER, "{\"order\": \"sync\", \"remote_id\": \"r\", \"user_id\": \"u\", \"trace\": [1]}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(order).isEqualTo(RemoteOrder.of(OrderType.SYNC, "r", "u"));
    }

    @Test
    void updateIntervalRequiresTheInterval() {
        InvalidOrderException e = rejection(Routes.IDENTITIES,
                "{\"order\": \"update_interval\", \"identity_id\": \"i\", \"user_id\": \"u\", \"protocol\": \"imap\"}");

        assertThat(e.key()).isEqualTo("poll_intervall");
    }

    @Test
    void aKeyGivenTwiceCountsWithItsLastValue() throws Exception {
        String payload = "{\"order\":\"sync\",\"remote_id\":7,\"user_id\":\"u\",\"remote_id\":\"r2\"}";

        Order order = codec.decode(Routes.IMAP_FETCHER, payload.getBytes(StandardCharsets.UTF_8));

        assertThat(order).isEqualTo(new RemoteOrder(OrderType.SYNC, "r2", "u"));
        assertThat(rejection(Routes.IMAP_FETCHER, "{\"order\":\"sync\",\"remote_id\":\"r\",\"user_id\":\"u\","
                + "\"remote_id\":7}").problem()).isEqualTo(Problem.WRONG_TYPE);
    }

    @Test
    void anOptionalKeyThatIsNullIsAbsentAndOneThatIsNotAStringIsAWrongType() throws Exception {
        String base = "{\"order\":\"add_identity\",\"identity_id\":\"i\",\"user_id\":\"u\",\"protocol\":";

        Order order = codec.decode(Routes.IDENTITIES, (base + "null}").getBytes(StandardCharsets.UTF_8));

        assertThat(order).isEqualTo(new IdentityOrder(OrderType.ADD_IDENTITY, "i", null, null, "u"));
        assertThat(rejection(Routes.IDENTITIES, base + "[\"imap\"]}").problem()).isEqualTo(Problem.WRONG_TYPE);
    }

    @Test
    void anErrorReplyRoundTripsWithItsCode() {
        Reply reply = Reply.failure("relay_unavailable", "relay did not answer");

        Reply decoded = codec.decodeReply(codec.encode(reply));

        assertThat(decoded).isEqualTo(reply);
    }

    @Test
    void aSuccessReplyCarriesTheRouteFieldsFlat() {
        Reply reply = Reply.ok("imported", Map.of(Keys.MESSAGE_ID, "m1", Keys.DISCUSSION_ID, "d1"));

        String json = new String(codec.encode(reply), StandardCharsets.UTF_8);

        assertThat(json).contains("\"error\":false", "\"message_id\":\"m1\"", "\"discussion_id\":\"d1\"")
                .doesNotContain("\"code\"");
        assertThat(codec.decodeReply(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(reply);
    }

    @Test
    void aReplyThatIsNotTheMeshShapeBecomesAnError() {
        Reply decoded = codec.decodeReply("{\"stream\":\"X\",\"seq\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.error()).isTrue();
        assertThat(decoded.code()).isEqualTo("malformed_reply");
    }
}
