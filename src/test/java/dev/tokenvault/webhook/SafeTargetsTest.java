package dev.tokenvault.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tokenvault.platform.ApiException;

/** Where webhooks may not go in production. */
class SafeTargetsTest {

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1",
            "255.255.255.255", "198.18.0.1", "192.0.2.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
            "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2001:db8::1",
            "ff02::1" })
    void privateLoopbackLinkLocalAndReservedAddressesAreRefused(String address) throws Exception {
        assertThat(SafeTargets.isPublic(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
            "::ffff:8.8.8.8" })
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(SafeTargets.isPublic(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://hooks.example.com/x", "https://127.0.0.1/x", "https://[::1]/x",
            "https://169.254.169.254/latest/meta-data", "https://user:pw@hooks.example.com/", "ftp://hooks.example.com",
            "https://hooks.example.com/x#frag", "/relative", "https://10.0.0.5:8443/hook", "javascript:alert(1)" })
    void registeringAnUnsafeUrlIsRefusedInProduction(String url) {
        assertThatThrownBy(() -> SafeTargets.checkedUrl(url, false)).isInstanceOf(ApiException.class)
                .hasMessageContaining("'url'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://hooks.example.com/tokenvault", "https://8.8.8.8/x?y=1" })
    void httpsToAPublicHostIsAccepted(String url) {
        assertThat(SafeTargets.checkedUrl(url, false)).isEqualTo(url);
    }
}
