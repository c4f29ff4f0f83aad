package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {
    @Test
    void aKeyIsRequiredOutsideTheDevelopmentProfile() {
        // when / then
        assertThatThrownBy(() -> StoreSettings.from(Map.of(), false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MESH_SECRET_KEY is required");
    }

    @Test
    void theDevelopmentProfileFallsBackToAFixedKey() {
        // when
        StoreSettings a = StoreSettings.from(Map.of(), true);
        StoreSettings b = StoreSettings.from(Map.of(), true);
        // then
        assertThat(a.secretKey()).hasSize(32).isEqualTo(b.secretKey());
        assertThat(a.replicas()).isEqualTo(1);
        assertThat(a.storage()).isEqualTo(StoreSettings.Storage.FILE);
        assertThat(a.bucketPrefix()).isEqualTo("mesh_");
        assertThat(a.maxRawMessageBytes()).isEqualTo(25L * 1024 * 1024);
    }

    @Test
    void settingsAreReadFromTheEnvironment() {
        // given
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        // when
        StoreSettings s = StoreSettings.from(Map.of("MESH_SECRET_KEY", key, "MESH_STORE_REPLICAS", "3",
                "MESH_STORE_STORAGE", "memory", "MESH_STORE_MAX_RAW_BYTES", "1000", "MESH_STORE_BUCKET_PREFIX",
                "x_"), false);
        // then
        assertThat(s.replicas()).isEqualTo(3);
        assertThat(s.storage()).isEqualTo(StoreSettings.Storage.MEMORY);
        assertThat(s.maxRawMessageBytes()).isEqualTo(1000);
        assertThat(s.bucketPrefix()).isEqualTo("x_");
        assertThat(s.toString()).contains("secretKey=***");
    }

    @Test
    void aKeyOfTheWrongSizeIsRefused() {
        // given
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        // when / then
        assertThatThrownBy(() -> StoreSettings.from(Map.of("MESH_SECRET_KEY", shortKey), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> StoreSettings.from(Map.of("MESH_SECRET_KEY", "%%%"), true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("base64");
    }
}
