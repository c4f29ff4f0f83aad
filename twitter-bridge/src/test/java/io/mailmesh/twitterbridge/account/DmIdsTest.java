package io.mailmesh.twitterbridge.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class DmIdsTest {

    @Test
    void idsAreComparedAsNumbersNotText() {
        // given / when / then
        assertThat(DmIds.isNewer(new BigInteger("1000"), DmIds.parse("999"))).isTrue();
        assertThat(DmIds.isNewer(new BigInteger("999"), DmIds.parse("1000"))).isFalse();
        assertThat(DmIds.isNewer(new BigInteger("1000"), DmIds.parse("1000"))).isFalse();
    }

    @Test
    void anythingIsNewerThanNothingSeen() {
        // given / when / then
        assertThat(DmIds.parse(null)).isNull();
        assertThat(DmIds.isNewer(BigInteger.ONE, DmIds.parse(" "))).isTrue();
    }

    @Test
    void maxKeepsTheNumericallyHigherId() {
        // given / when / then
        assertThat(DmIds.max("999", new BigInteger("1000"))).isEqualTo("1000");
        assertThat(DmIds.max("10000", new BigInteger("9999"))).isEqualTo("10000");
        assertThat(DmIds.max(null, new BigInteger("5"))).isEqualTo("5");
    }

    @Test
    void aStoredIdThatIsNotANumberIsRefused() {
        // given / when / then
        assertThatThrownBy(() -> DmIds.parse("12a")).isInstanceOf(IllegalArgumentException.class);
    }
}
