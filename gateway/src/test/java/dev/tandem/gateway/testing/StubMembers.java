package dev.tandem.gateway.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The gateway's members for one test class, each a {@link StubMember}, as a JUnit 5
 * extension, registered like this:
 *
 * <pre class="code">
 * &#64;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * class SomeIT {
 *
 * 	&#64;RegisterExtension
 * 	static final StubMembers MEMBERS = StubMembers.of("was1", "was2").standby("was3");
 *
 * 	static final StubMember WAS1 = MEMBERS.get("was1");
 * }
 * </pre>
 *
 * The members listen as soon as they are declared, so before the Spring context starts;
 * {@link StubMembersContextCustomizerFactory} points the gateway at them, as
 * {@code tandem.gateway.members[i].id/uri/tier} (and {@code weight}, {@code state} and
 * {@code route} where given), in the order they were declared. Before each test every
 * member forgets what it received; after each test every member is back as declared
 * (listening and answering normally, unless declared {@link #stopped stopped} or
 * {@link #failingProbes failing its probes}); after the class they are closed.
 */
public final class StubMembers
		implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, Iterable<StubMember> {

	private final List<Declared> members = new ArrayList<>();

	private StubMembers() {
	}

	/** Active members (tier 0), started now, in this order. */
	public static StubMembers of(String... ids) {
		return new StubMembers().active(ids);
	}

	/** More active members (tier 0), after those declared so far. */
	public StubMembers active(String... ids) {
		return add(0, ids);
	}

	/** Standby members (tier 1), used only while no active member is usable. */
	public StubMembers standby(String... ids) {
		return add(1, ids);
	}

	/** The member's weight; without one the gateway's default applies. */
	public StubMembers weight(String id, int weight) {
		declared(id).weight = weight;
		return this;
	}

	/**
	 * The member's configured admin state ({@code active}, {@code draining} or
	 * {@code disabled}); without one the gateway's default applies.
	 */
	public StubMembers state(String id, String state) {
		declared(id).state = state;
		return this;
	}

	/**
	 * The member's route, as an old front's session ids carry it; without one the gateway
	 * uses the member's id.
	 */
	public StubMembers route(String id, String route) {
		declared(id).route = route;
		return this;
	}

	/**
	 * Another property of the member, such as {@code health.type} with {@code tcp}; it
	 * becomes {@code tandem.gateway.members[i].<name>}.
	 */
	public StubMembers property(String id, String name, Object value) {
		declared(id).properties.put(name, value);
		return this;
	}

	/** In every test the member answers its health probes with 503, as when draining. */
	public StubMembers failingProbes(String id) {
		Declared declared = declared(id);
		declared.failingProbes = true;
		declared.reset();
		return this;
	}

	/** In every test nothing listens on the member's port, as for a dead node. */
	public StubMembers stopped(String id) {
		Declared declared = declared(id);
		declared.stopped = true;
		declared.reset();
		return this;
	}

	private StubMembers add(int tier, String... ids) {
		for (String id : ids) {
			if (this.members.stream().anyMatch((declared) -> declared.member.id().equals(id))) {
				throw new IllegalArgumentException("member " + id + " declared twice");
			}
			this.members.add(new Declared(StubMember.start(id), tier));
		}
		return this;
	}

	/** The member with this id. */
	public StubMember get(String id) {
		return declared(id).member;
	}

	/** Every member, in the order declared. */
	public List<StubMember> all() {
		return this.members.stream().map((declared) -> declared.member).toList();
	}

	public Stream<StubMember> stream() {
		return all().stream();
	}

	@Override
	public Iterator<StubMember> iterator() {
		return all().iterator();
	}

	/** Every member forgets what it received so far. */
	public void forget() {
		forEach(StubMember::forget);
	}

	/**
	 * The gateway's member properties for these members, in the order declared.
	 */
	Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < this.members.size(); i++) {
			Declared declared = this.members.get(i);
			String prefix = "tandem.gateway.members[" + i + "].";
			properties.put(prefix + "id", declared.member.id());
			properties.put(prefix + "uri", declared.member.uri());
			properties.put(prefix + "tier", declared.tier);
			if (declared.weight != null) {
				properties.put(prefix + "weight", declared.weight);
			}
			if (declared.state != null) {
				properties.put(prefix + "state", declared.state);
			}
			if (declared.route != null) {
				properties.put(prefix + "route", declared.route);
			}
			declared.properties.forEach((name, value) -> properties.put(prefix + name, value));
		}
		return properties;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		// Listening already, unless the class runs again after its members were closed.
		this.members.forEach(Declared::reset);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		forget();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.members.forEach(Declared::reset);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		forEach(StubMember::close);
	}

	private Declared declared(String id) {
		return this.members.stream()
			.filter((declared) -> declared.member.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new NoSuchElementException("no member " + id + " declared"));
	}

	@Override
	public String toString() {
		return all().toString();
	}

	/** A member and how it was declared. */
	private static final class Declared {

		final StubMember member;

		final int tier;

		Integer weight;

		String state;

		String route;

		final Map<String, Object> properties = new LinkedHashMap<>();

		boolean failingProbes;

		boolean stopped;

		Declared(StubMember member, int tier) {
			this.member = member;
			this.tier = tier;
		}

		/** Back as declared: listening and answering normally, or as declared. */
		void reset() {
			this.member.restore(!this.stopped, this.failingProbes);
		}

	}

}
