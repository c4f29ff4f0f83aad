package io.mailmesh.mesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OutboundGuardTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, LOOPBACK", "127.255.0.9, LOOPBACK", "::1, LOOPBACK", "::ffff:127.0.0.1, LOOPBACK",
            "10.1.2.3, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.1.1, PRIVATE",
            "100.64.0.1, PRIVATE", "fd12:3456::1, PRIVATE", "::ffff:10.0.0.1, PRIVATE", "::10.0.0.1, PRIVATE",
            "169.254.169.254, LINK_LOCAL", "fe80::1, LINK_LOCAL", "::ffff:169.254.169.254, LINK_LOCAL",
            "0.0.0.0, RESERVED", "::, RESERVED", "224.0.0.1, RESERVED", "255.255.255.255, RESERVED",
            "240.0.0.1, RESERVED", "ff02::1, RESERVED",
            "8.8.8.8, PUBLIC", "172.32.0.1, PUBLIC", "100.128.0.1, PUBLIC", "2001:4860:4860::8888, PUBLIC",
            "192.169.0.1, PUBLIC"})
    void givenAnAddressWhenClassifiedThenItsNetworkIsKnown(String literal, AddressClass expected) throws Exception {
        assertThat(AddressClass.of(InetAddress.getByName(literal))).isEqualTo(expected);
    }

    @Test
    void givenTheProductionDefaultWhenAUserPointsAtInternalHostsThenEachIsRefusedWithoutItsAddress() {
        // given
        OutboundGuard guard = OutboundGuard.from(Map.of(), false);

        // when / then
        for (String host : new String[] {"localhost", "127.0.0.1", "10.0.0.7", "169.254.169.254", "[::1]", "::1",
                "0.0.0.0", "::ffff:127.0.0.1"}) {
            assertThatThrownBy(() -> guard.check(host)).as(host).isInstanceOf(OutboundRefusedException.class)
                    .hasMessageContaining("is not")
                    .satisfies(e -> assertThat(e.getMessage().replace(host, "")).doesNotContain("127.0.0.1")
                            .doesNotContain("loopback").doesNotContain("private"));
        }
    }

    @Test
    void givenTheProductionDefaultWhenTheHostIsPublicThenItIsAllowed() throws Exception {
        OutboundGuard.from(Map.of(), false).check("8.8.8.8");
        OutboundGuard.from(Map.of(), false).check("2001:4860:4860::8888");
    }

    @Test
    void givenTheDevelopmentProfileWhenNothingIsSetThenLocalTestServersAreAllowedButMetadataIsNot() throws Exception {
        OutboundGuard guard = OutboundGuard.from(Map.of(), true);

        guard.check("localhost");
        guard.check("192.168.0.10");
        assertThatThrownBy(() -> guard.check("169.254.169.254")).isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void givenCidrRangesWhenCheckedThenOnlyAddressesInsideThemAreAllowed() throws Exception {
        OutboundGuard guard = OutboundGuard.parse("public, 10.20.0.0/16, 127.0.0.1/32, fd00::/8");

        guard.check("10.20.255.1");
        guard.check("127.0.0.1");
        guard.check("fd00::5");
        assertThatThrownBy(() -> guard.check("10.21.0.1")).isInstanceOf(OutboundRefusedException.class);
        assertThatThrownBy(() -> guard.check("127.0.0.2")).isInstanceOf(OutboundRefusedException.class);
        assertThatThrownBy(() -> guard.check("fc00::5")).isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void givenAnOddPrefixWhenCheckedThenTheBoundaryBitIsRespected() throws Exception {
        OutboundGuard guard = OutboundGuard.parse("192.168.4.0/23");

        guard.check("192.168.5.200");
        assertThatThrownBy(() -> guard.check("192.168.6.1")).isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void givenAnExplicitSettingWhenTheProfileIsDevelopmentThenTheSettingWins() {
        OutboundGuard guard = OutboundGuard.from(Map.of(OutboundGuard.ALLOW_VARIABLE, "public"), true);

        assertThatThrownBy(() -> guard.check("127.0.0.1")).isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void givenAMalformedSettingWhenParsedThenTheErrorNamesTheEntry() {
        assertThatThrownBy(() -> OutboundGuard.parse("public,intranet")).hasMessageContaining("\"intranet\"");
        assertThatThrownBy(() -> OutboundGuard.parse("10.0.0.0/40")).hasMessageContaining("10.0.0.0/40");
        assertThatThrownBy(() -> OutboundGuard.parse("example.org/8")).hasMessageContaining("example.org/8");
        assertThatThrownBy(() -> OutboundGuard.parse("10.0.0.0/x")).hasMessageContaining("10.0.0.0/x");
        assertThatThrownBy(() -> OutboundGuard.parse(" , ")).hasMessageContaining("allows nothing");
        assertThatThrownBy(() -> OutboundGuard.parse("reserved")).hasMessageContaining("\"reserved\"");
    }

    @Test
    void givenHostileHostTextWhenCheckedThenItIsRefusedWithAClearReason() {
        OutboundGuard guard = OutboundGuard.parse("public");

        for (String host : new String[] {"", "   ", null, "[::1", "1.2.3.4\r\nX: y"}) {
            assertThatThrownBy(() -> guard.check(host)).as(String.valueOf(host))
                    .isInstanceOf(OutboundRefusedException.class);
        }
    }
}
