package dev.tandem.gateway.witness;

import java.io.IOException;

/**
 * A member answered, but in a cluster view that did not win: its answer is not passed on.
 * An {@link IOException} because, for failover, it is what a broken connection after the
 * request was sent is: the member may have acted on the request, so only a request that
 * may be sent again goes to another member.
 */
public final class UnconfirmedViewException extends IOException {

	private static final long serialVersionUID = 1L;

	UnconfirmedViewException(String memberId) {
		super("member " + memberId + " answered in a cluster view that did not win; the answer was held back");
	}

}
