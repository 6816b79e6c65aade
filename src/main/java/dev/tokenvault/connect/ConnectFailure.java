package dev.tokenvault.connect;

import dev.tokenvault.platform.ApiException;

/** Why a connect flow could not finish; the detail is written for the person in front of the browser. */
public class ConnectFailure extends ApiException {

    public ConnectFailure(int status, String code, String detail) {
        super(status, code, detail);
    }

    public ConnectFailure(int status, String code, String detail, Long retryAfterSeconds) {
        super(status, code, detail, retryAfterSeconds);
    }

    static ConnectFailure unknownState() {
        return new ConnectFailure(400, "invalid_state",
                "This connect link is unknown or was already used. Start connecting again.");
    }

    static ConnectFailure expired() {
        return new ConnectFailure(400, "state_expired",
                "This connect link expired (it is valid for 10 minutes). Start connecting again.");
    }

    static ConnectFailure wrongUser() {
        return new ConnectFailure(403, "forbidden",
                "This connect flow was started by another user or in another browser. Finish it there, or start "
                        + "connecting again here.");
    }

    static ConnectFailure denied() {
        return new ConnectFailure(400, "access_denied",
                "The provider reports that access was not granted, so nothing was connected.");
    }
}
