package dev.tandem.gateway.admin.web;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.gateway.admin.Actor;
import dev.tandem.gateway.admin.ChangeRefused;
import dev.tandem.gateway.admin.MemberAdministration;
import dev.tandem.gateway.admin.MemberEdit;
import dev.tandem.gateway.admin.RollingRestart;
import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import dev.tandem.gateway.health.ActiveHealthChecker;
import dev.tandem.gateway.witness.WitnessGate;
import dev.tandem.gateway.health.MemberHealth;
import dev.tandem.gateway.health.MemberHealthSnapshot;
import dev.tandem.gateway.health.SessionClusterView;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.MemberAddress;
import dev.tandem.gateway.member.Membership;
import dev.tandem.shared.MemberIds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The admin API's handlers: reads assemble views from the member model, the balancer and
 * the health checks; changes are checked here for their shape and by
 * {@link MemberAdministration} for their meaning, which also writes and audits them.
 * Every refusal is a problem detail ({@code application/problem+json}) whose
 * {@code detail} is one sentence naming the field or member; nothing else reaches the
 * client of a failure.
 */
final class AdminApi {

	private static final Log logger = LogFactory.getLog(AdminApi.class);

	private static final Set<String> EDIT_FIELDS = Set.of("weight", "tier", "state", "reason", "expiresAfter",
			"version");

	private static final Set<String> ADD_FIELDS = Set.of("id", "uri", "weight", "tier", "state", "route", "group",
			"reason", "version");

	private final MemberAdministration administration;

	private final Balancer balancer;

	private final ActiveHealthChecker checker;

	private final RollingRestart rollingRestart;

	private final WitnessGate witness;

	AdminApi(MemberAdministration administration, RollingRestart rollingRestart, Balancer balancer,
			ActiveHealthChecker checker, WitnessGate witness) {
		this.witness = witness;
		this.administration = administration;
		this.rollingRestart = rollingRestart;
		this.balancer = balancer;
		this.checker = checker;
	}

	long version() {
		return this.administration.version();
	}

	Mono<ServerResponse> members(ServerRequest request) {
		long version = this.administration.version();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("version", version);
		body.put("members", views());
		body.put("witness", witness());
		return ServerResponse.ok().eTag(Long.toString(version)).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	Mono<ServerResponse> member(ServerRequest request) {
		String id = request.pathVariable("id");
		return view(id).map((view) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(view))
			.orElseGet(() -> problem(unknown(id)));
	}

	Mono<ServerResponse> edit(ServerRequest request) {
		String id = request.pathVariable("id");
		return AdminRequests.object(request, EDIT_FIELDS)
			.flatMap((body) -> actor(request).flatMap((actor) -> blocking(() -> {
				MemberEdit edit = new MemberEdit(AdminRequests.integer(body, "weight"),
						AdminRequests.integer(body, "tier"), AdminRequests.state(body), AdminRequests.reason(body),
						AdminRequests.duration(body, "expiresAfter"), version(request, body));
				this.administration.edit(id, edit, actor);
				return id;
			})))
			.flatMap(this::answerWithMember)
			.onErrorResume(this::failure);
	}

	Mono<ServerResponse> add(ServerRequest request) {
		return AdminRequests.object(request, ADD_FIELDS)
			.flatMap((body) -> actor(request).flatMap((actor) -> blocking(() -> {
				Member member = newMember(body);
				this.administration.add(member, AdminRequests.reason(body), version(request, body), actor);
				return member.id();
			})))
			.flatMap((id) -> view(id)
				.map((view) -> ServerResponse.status(HttpStatus.CREATED)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(view))
				.orElseGet(() -> ServerResponse.status(HttpStatus.CREATED).build()))
			.onErrorResume(this::failure);
	}

	Mono<ServerResponse> remove(ServerRequest request) {
		String id = request.pathVariable("id");
		return actor(request).flatMap((actor) -> blocking(() -> {
			boolean force = AdminRequests.flag(request, "force");
			String reason = request.queryParam("reason").map(AdminRequests::printable).orElse(null);
			Long version = version(request, null);
			this.administration.remove(id, force, reason, version, actor);
			return id;
		})).flatMap((removed) -> ServerResponse.noContent().build()).onErrorResume(this::failure);
	}

	Mono<ServerResponse> recover(ServerRequest request) {
		String id = request.pathVariable("id");
		return actor(request).flatMap((actor) -> blocking(() -> {
			this.administration.recover(id, null, actor);
			return id;
		})).flatMap(this::answerWithMember).onErrorResume(this::failure);
	}

	Mono<ServerResponse> audit(ServerRequest request) {
		return blocking(() -> {
			int limit = limit(request);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("entries", this.administration.audit(limit));
			return body;
		}).flatMap((body) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body))
			.onErrorResume(this::failure);
	}

	Mono<ServerResponse> rollingRestart(ServerRequest request) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(this.rollingRestart.progress());
	}

	Mono<ServerResponse> startRollingRestart(ServerRequest request) {
		return AdminRequests.object(request, Set.of("reason"), true)
			.flatMap((body) -> actor(request)
				.flatMap((actor) -> blocking(() -> this.rollingRestart.start(actor, AdminRequests.reason(body)))))
			.flatMap(
					(progress) -> ServerResponse.accepted().contentType(MediaType.APPLICATION_JSON).bodyValue(progress))
			.onErrorResume(this::failure);
	}

	Mono<ServerResponse> cancelRollingRestart(ServerRequest request) {
		return actor(request).flatMap((actor) -> blocking(() -> this.rollingRestart.cancel(actor)))
			.flatMap(
					(progress) -> ServerResponse.accepted().contentType(MediaType.APPLICATION_JSON).bodyValue(progress))
			.onErrorResume(this::failure);
	}

	Mono<ServerResponse> notFound(ServerRequest request) {
		return problem(new ChangeRefused(404, "There is nothing at " + AdminRequests.printable(request.path())
				+ " on the management port; see /api for what there is."));
	}

	private Mono<ServerResponse> answerWithMember(String id) {
		return view(id).map((view) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(view))
			.orElseGet(() -> ServerResponse.noContent().build());
	}

	WitnessView witness() {
		return WitnessView.of(this.witness.enabled(), this.witness.verdict());
	}

	List<MemberView> views() {
		Membership members = this.administration.current();
		BalancerSnapshot balanced = this.balancer.snapshot();
		MemberHealthSnapshot checked = this.checker.snapshot();
		List<MemberView> views = new ArrayList<>(members.size());
		for (Member member : members.members()) {
			views.add(view(member, balanced, checked));
		}
		return views;
	}

	private java.util.Optional<MemberView> view(String id) {
		return this.administration.current()
			.member(id)
			.map((member) -> view(member, this.balancer.snapshot(), this.checker.snapshot()));
	}

	private MemberView view(Member member, BalancerSnapshot balanced, MemberHealthSnapshot checked) {
		MemberHealth health = checked.member(member.id()).orElse(null);
		SessionClusterView cluster = (health != null) ? health.cluster() : null;
		return MemberView.of(member, balanced.member(member.id()).orElse(null), health,
				this.checker.checkType(member.id()).orElse(null), this.administration.expiry(member.id()), cluster,
				this.witness.verdict().members().get(member.id()));
	}

	private static Member newMember(JsonNode body) {
		String id = AdminRequests.text(body, "id", 63);
		if (id == null || !MemberIds.isValid(id)) {
			throw new ChangeRefused(400, "id must be 1-63 letters, digits, '.', '-' or '_', but was "
					+ ((id == null) ? "missing" : "'" + AdminRequests.printable(id) + "'") + ".");
		}
		String uri = AdminRequests.text(body, "uri", 200);
		if (uri == null || MemberAddress.parse(uri).isEmpty()) {
			throw new ChangeRefused(400,
					"uri must be an absolute http:// or https:// address with a host and "
							+ "nothing after the port, such as http://192.168.1.21:8080, but was "
							+ ((uri == null) ? "missing" : "'" + AdminRequests.printable(uri) + "'") + ".");
		}
		String route = AdminRequests.text(body, "route", 63);
		if (route != null && !MemberIds.isValid(route)) {
			throw new ChangeRefused(400, "route must be 1-63 letters, digits, '.', '-' or '_', but was '"
					+ AdminRequests.printable(route) + "'.");
		}
		String group = AdminRequests.text(body, "group", 63);
		if (group != null && !MemberIds.isValid(group)) {
			throw new ChangeRefused(400, "group must be 1-63 letters, digits, '.', '-' or '_', but was '"
					+ AdminRequests.printable(group) + "'.");
		}
		Integer weight = AdminRequests.integer(body, "weight");
		Integer tier = AdminRequests.integer(body, "tier");
		AdminState state = AdminRequests.state(body);
		if (weight != null && (weight < 0 || weight > MemberAdministration.MAX_WEIGHT)) {
			throw new ChangeRefused(400,
					"weight must be between 0 and " + MemberAdministration.MAX_WEIGHT + ", but was " + weight + ".");
		}
		if (tier != null && (tier < 0 || tier > MemberAdministration.MAX_TIER)) {
			throw new ChangeRefused(400,
					"tier must be between 0 and " + MemberAdministration.MAX_TIER + ", but was " + tier + ".");
		}
		return new Member(id, MemberAddress.parse(uri).orElseThrow(), (weight != null) ? weight : 1,
				(tier != null) ? tier : 0, (state != null) ? state : AdminState.ACTIVE, route, group);
	}

	/**
	 * The version from the body, else from {@code If-Match}; {@code null} when neither.
	 */
	private static Long version(ServerRequest request, JsonNode body) {
		Long fromBody = (body != null) ? AdminRequests.version(body) : null;
		if (fromBody != null) {
			return fromBody;
		}
		List<String> ifMatch = request.headers().header("If-Match");
		if (ifMatch.isEmpty()) {
			return null;
		}
		String tag = ifMatch.get(0).strip();
		if (tag.startsWith("W/")) {
			tag = tag.substring(2);
		}
		tag = tag.replace("\"", "");
		try {
			return Long.parseLong(tag);
		}
		catch (NumberFormatException ex) {
			throw new ChangeRefused(400, "If-Match must be the ETag GET /api/members answered, such as \"12\".");
		}
	}

	private static int limit(ServerRequest request) {
		String text = request.queryParam("limit").orElse("100");
		try {
			int limit = Integer.parseInt(text);
			if (limit >= 1 && limit <= 1000) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// Answered below.
		}
		throw new ChangeRefused(400,
				"limit must be a whole number from 1 to 1000, but was '" + AdminRequests.printable(text) + "'.");
	}

	private static Mono<Actor> actor(ServerRequest request) {
		String address = request.remoteAddress()
			.map(InetSocketAddress::getAddress)
			.map((inet) -> inet.getHostAddress())
			.orElse("unknown");
		return request.principal()
			.map(Principal::getName)
			.defaultIfEmpty("anonymous")
			.map((user) -> new Actor(user, address));
	}

	private static <T> Mono<T> blocking(Callable<T> work) {
		// Changes fsync files: never on an event loop.
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

	private static ChangeRefused unknown(String id) {
		return new ChangeRefused(404, "There is no member '" + AdminRequests.printable(id) + "'.");
	}

	private Mono<ServerResponse> failure(Throwable error) {
		if (error instanceof ChangeRefused refused) {
			return problem(refused);
		}
		logger.error("The admin API failed", error);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The gateway could not do that; its log says why.");
		return ServerResponse.status(500).contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(problem);
	}

	static Mono<ServerResponse> problem(ChangeRefused refused) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(refused.status()),
				refused.getMessage());
		return ServerResponse.status(refused.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(problem);
	}

}
