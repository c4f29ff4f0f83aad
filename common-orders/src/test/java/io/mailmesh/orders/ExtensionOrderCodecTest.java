package io.mailmesh.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An extension's orders through the same strict codec as seed 002's, declared outside this module's enum. */
class ExtensionOrderCodecTest {
    record Upload(String objectName, @WireKey("user_id") String owner, @WireKey(optional = true) String note)
            implements ExtensionOrder {
        static final ExtensionKind<Upload> KIND = ExtensionKind.of("upload", Upload.class);

        @Override
        public OrderKind kind() {
            return KIND;
        }
    }

    record Counted(int count) implements ExtensionOrder {
        @Override
        public OrderKind kind() {
            return null;
        }
    }

    static final Route UPLOADS = Route.extension("uploads", "uploaders", Mode.PUB_SUB, Set.of(Upload.KIND),
            "uploader", List.of("client"));
    private final OrderCodec codec = new OrderCodec(1024);

    private InvalidOrderException rejection(String payload) {
        return catchThrowableOfType(InvalidOrderException.class,
                () -> codec.decode(UPLOADS, payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void givenARecord_whenDeclared_thenItsKeysAreItsComponentsInSnakeCaseOrAsRenamed() {
        assertThat(Upload.KIND.requiredKeys()).containsExactly("object_name", "user_id");
        assertThat(Upload.KIND.optionalKeys()).containsExactly("note");
    }

    @Test
    void givenAnExtensionOrder_whenEncodedAndDecoded_thenItIsTheSameRecord() throws Exception {
        Upload upload = new Upload("photo\u00e9.png", "u1", null);

        byte[] wire = codec.encode(upload);
        Order back = codec.decode(UPLOADS, wire);

        assertThat(new String(wire, StandardCharsets.UTF_8))
                .isEqualTo("{\"object_name\":\"photo\u00e9.png\",\"order\":\"upload\",\"user_id\":\"u1\"}");
        assertThat(back).isEqualTo(upload);
        assertThat(back.kind()).isEqualTo(Upload.KIND);
        assertThat(back.userId()).isEqualTo("u1");
    }

    @Test
    void givenBadPayloads_whenDecoded_thenEachIsRejectedWithTheSeedCodecsNamedProblem() {
        assertThat(rejection("{\"order\":\"upload\",\"user_id\":\"u\"}").key()).isEqualTo("object_name");
        assertThat(rejection("{\"order\":\"upload\",\"user_id\":\"u\"}").problem()).isEqualTo(Problem.MISSING_KEY);
        assertThat(rejection("{\"order\":\"upload\",\"object_name\":\" \",\"user_id\":\"u\"}").problem())
                .isEqualTo(Problem.EMPTY_KEY);
        assertThat(rejection("{\"order\":\"upload\",\"object_name\":\"o\",\"user_id\":\"u\",\"note\":[1]}")
                .problem()).isEqualTo(Problem.WRONG_TYPE);
        assertThat(rejection("{\"order\":\"deliver\",\"object_name\":\"o\",\"user_id\":\"u\"}").getMessage())
                .isEqualTo("uploads: key \"order\" names order \"deliver\" which uploads does not accept "
                        + "(accepted: upload)");
        assertThat(rejection("{\"order\":\"upload\",\"object_name\":\"" + "x".repeat(2000) + "\"}").problem())
                .isEqualTo(Problem.TOO_LARGE);
        assertThat(rejection("{\"order\":\"upload\",\"object_name\":\"o\r\n\"").problem())
                .isEqualTo(Problem.MALFORMED_JSON);
    }

    @Test
    void givenASeedRoute_whenAnExtensionOrderNameArrives_thenItIsUnknownThere() {
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class, () -> codec.decode(
                Routes.CONTACT_ACTION, "{\"order\":\"upload\",\"object_name\":\"o\",\"user_id\":\"u\"}"
                        .getBytes(StandardCharsets.UTF_8)));

        assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_ORDER);
    }

    @Test
    void givenBadDeclarations_whenDeclared_thenEachIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ExtensionKind.of("deliver", Upload.class)).hasMessageContaining("seed-002");
        assertThatThrownBy(() -> ExtensionKind.of("Bad Name", Upload.class)).hasMessageContaining("snake_case");
        assertThatThrownBy(() -> ExtensionKind.of("counted", Counted.class)).hasMessageContaining("must be a String");
    }

    @Test
    void givenTwoTablesSharingASubjectOrADottedDurableRoute_whenChecked_thenTheyAreRefused() {
        RouteTable copy = RouteTable.of("copy", List.of(Route.extension("outboundSMTP", "q", Mode.REQUEST_REPLY,
                Set.of(Upload.KIND), "x", List.of())));
        RouteTable dotted = RouteTable.of("dotted", List.of(Route.extension("a.b", "q", Mode.PUB_SUB,
                Set.of(Upload.KIND), "x", List.of())));

        assertThatThrownBy(() -> RouteTables.check(List.of(Routes.TABLE, copy)))
                .hasMessageContaining("declared by two route tables");
        assertThatThrownBy(() -> RouteTables.check(List.of(Routes.TABLE, dotted)))
                .hasMessageContaining("consumer");
    }

    @Test
    void givenTheSeedTable_whenReadAsARouteTable_thenItIsRoutesAllUnchanged() {
        assertThat(Routes.TABLE.routes()).isEqualTo(Routes.ALL);
        assertThat(Routes.OUTBOUND_SMTP.extensionOrders()).isEmpty();
        assertThat(Routes.OUTBOUND_SMTP.kinds()).containsExactly(OrderType.DELIVER);
    }
}
