package dev.tokenvault.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Validation;

/**
 * Where webhooks may go: absolute {@code https} URLs without user info, whose host resolves only to public
 * addresses (no loopback, link-local — the cloud metadata address among them —, private, carrier-grade NAT,
 * benchmarking, multicast or reserved addresses, in IPv4 or IPv6). The addresses are checked when a delivery is
 * made, not only when the endpoint is registered, and the request goes to the address that was checked (a DNS
 * answer that changes in between cannot redirect it). {@code TOKENVAULT_ALLOW_INSECURE_URLS} allows {@code http}
 * and private addresses for local testing.
 */
public final class SafeTargets {

    static final int MAX_LENGTH = 2048;

    private SafeTargets() {
    }

    /** The URL as given when it may be registered; {@code 400} naming the field otherwise. */
    public static String checkedUrl(String value, boolean allowInsecure) {
        Validation.required(value, "url", MAX_LENGTH);
        URI uri = parse(value);
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean schemeOk = "https".equals(scheme) || (allowInsecure && "http".equals(scheme));
        if (uri == null || !schemeOk || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null || value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw ApiException.invalidRequest("field 'url' must be an absolute " + (allowInsecure ? "http(s)" : "https")
                    + " URL without user info or fragment");
        }
        if (!allowInsecure && isIpLiteral(uri.getHost())) {
            try {
                if (!isPublic(InetAddress.getByName(uri.getHost()))) {
                    throw ApiException.invalidRequest("field 'url' points at a private or reserved address");
                }
            } catch (java.net.UnknownHostException e) {
                throw ApiException.invalidRequest("field 'url' has a malformed address");
            }
        }
        return value;
    }

    static URI parse(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    /** Whether an address is one webhooks may reach in production. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return false; // fec0::/10 site local (deprecated)
            }
            boolean v4Mapped = true;
            for (int i = 0; i < 10; i++) {
                v4Mapped &= b[i] == 0;
            }
            if (v4Mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return isPublicV4(new byte[] { b[12], b[13], b[14], b[15] }); // ::ffff:a.b.c.d
            }
            boolean allZeroPrefix = true;
            for (int i = 0; i < 12; i++) {
                allZeroPrefix &= b[i] == 0;
            }
            if (allZeroPrefix) {
                return false; // ::/96 (IPv4-compatible, unspecified, loopback)
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return false; // 2001:db8::/32 documentation
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return isPublicV4(new byte[] { b[12], b[13], b[14], b[15] }); // 64:ff9b::/96 NAT64
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return !(a0 == 0 // 0.0.0.0/8
                || a0 == 10 // private
                || a0 == 127 // loopback
                || (a0 == 100 && a1 >= 64 && a1 <= 127) // carrier-grade NAT 100.64/10
                || (a0 == 169 && a1 == 254) // link local, cloud metadata
                || (a0 == 172 && a1 >= 16 && a1 <= 31) // private
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments 192.0.0/24
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 2) // documentation
                || (a0 == 192 && a1 == 168) // private
                || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
                || (a0 == 198 && a1 == 51 && (b[2] & 0xff) == 100) // documentation
                || (a0 == 203 && a1 == 0 && (b[2] & 0xff) == 113) // documentation
                || a0 >= 224); // multicast, reserved, broadcast
    }
}
