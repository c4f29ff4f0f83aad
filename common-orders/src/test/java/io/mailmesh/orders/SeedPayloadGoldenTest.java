package io.mailmesh.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every payload example of seed 002 decodes on its route and re-encodes with exactly the same keys and values. */
class SeedPayloadGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OrderCodec codec = new OrderCodec();

    static Stream<Arguments> seedExamples() {
        return Stream.of(
                // apiv2
                Arguments.of(Routes.OUTBOUND_SMTP, "{\"message_id\": \"m1\", \"order\": \"deliver\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.OUTBOUND_IMAP, "{\"message_id\": \"m1\", \"order\": \"deliver\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.TWITTER_DM, "{\"message_id\": \"m1\", \"order\": \"deliver\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.CONTACT_ACTION, "{\"order\": \"contact_update\", \"contact_id\": \"c1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.KEY_ACTION, "{\"order\": \"discover_key\", \"contact_id\": \"c1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.KEY_ACTION, "{\"key_id\": \"k1\", \"order\": \"publish_key\", \"resource_id\": \"c1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.KEY_ACTION, "{\"key_id\": \"k1\", \"order\": \"delete_key\", \"resource_id\": \"c1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.IDENTITIES, "{\"identity_id\": \"i1\", \"order\": \"add_identity\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.IDENTITIES, "{\"identity_id\": \"i1\", \"order\": \"update_identity\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.IDENTITIES, "{\"identity_id\": \"i1\", \"order\": \"delete_identity\", \"user_id\": \"u1\"}"),
                // twitter-bridge
                Arguments.of(Routes.TWITTER_WORKER, "{\"order\": \"add_worker\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.TWITTER_WORKER, "{\"order\": \"reload_worker\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.TWITTER_WORKER, "{\"order\": \"remove_worker\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.IDENTITIES, "{\"identity_id\": \"i1\", \"order\": \"update_interval\", \"poll_intervall\": \"30\", \"protocol\": \"twitter\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.INBOUND_TWITTER, "{\"message_id\": \"m1\", \"order\": \"process_inbound\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                // imap-bridge
                Arguments.of(Routes.IMAP_FETCHER, "{\"order\": \"sync\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.IMAP_FETCHER, "{\"order\": \"fullfetch\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.IDENTITIES, "{\"identity_id\": \"i1\", \"order\": \"update_interval\", \"poll_intervall\": \"30\", \"protocol\": \"imap\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.IMAP_WORKER, "{\"order\": \"add_worker\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                // smtp-bridge
                Arguments.of(Routes.INBOUND_SMTP, "{\"message_id\": \"m1\", \"order\": \"process_inbound\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                // identities-worker
                Arguments.of(Routes.TWITTER_DM, "{\"order\": \"sync\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}"),
                Arguments.of(Routes.IDENTITIES, "{\"identity_id\": \"i1\", \"order\": \"update_interval\", \"poll_intervall\": \"15\", \"protocol\": \"email\", \"user_id\": \"u1\"}"));
    }

    @ParameterizedTest
    @MethodSource("seedExamples")
    void seedExampleDecodesAndReencodesWithTheSameKeys(Route route, String seedPayload) throws Exception {
        // given a payload exactly as seed 002 prints it
        Map<?, ?> original = JSON.readValue(seedPayload, Map.class);

        // when it is decoded on its route and encoded again
        Order order = codec.decode(route, seedPayload.getBytes(StandardCharsets.UTF_8));
        Map<?, ?> reencoded = JSON.readValue(codec.encode(order), Map.class);

        // then nothing was added, lost or renamed
        assertThat(reencoded).isEqualTo(original);
        assertThat(route.accepts(order.type())).isTrue();
    }
}
