package dev.tandem.gateway.admin.state;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;

/**
 * One operator action as the audit log keeps it: who did what to which member, from
 * where, when, and the value before and after. {@link #value(Object)} turns the usual
 * values into the small JSON values {@code before} and {@code after} hold.
 *
 * @param time when the change was accepted
 * @param user who made it, {@code null} when unknown
 * @param address the client address it came from, {@code null} when unknown
 * @param action what was done, such as {@code weight}, {@code state}, {@code tier},
 * {@code add}, {@code remove}, {@code recover}, {@code expire} or {@code rolling-restart}
 * @param member the member's id, {@code null} for an action on no single member
 * @param before the value before, JSON {@code null} when there was none
 * @param after the value after, JSON {@code null} when there is none
 * @param reason the operator's reason, {@code null} when none was given
 * @param expiresAt when a temporary change returns, {@code null} for a lasting one
 */
public record AuditEntry(Instant time, String user, String address, String action, String member, JsonNode before,
		JsonNode after, String reason, Instant expiresAt) {

	public AuditEntry {
		if (time == null || action == null || action.isBlank()) {
			throw new IllegalArgumentException(
					"An audit entry needs a time and an action, but had " + time + " and '" + action + "'.");
		}
		// JSON null and Java null would read back differently; keep one.
		before = (before != null) ? before : NullNode.getInstance();
		after = (after != null) ? after : NullNode.getInstance();
	}

	/**
	 * The JSON of a value for {@code before} or {@code after}: a member or member values
	 * as an object, a state by its configuration name, numbers and booleans as such,
	 * anything else as its text.
	 * @param value the value, may be {@code null}
	 * @return the JSON value
	 */
	public static JsonNode value(Object value) {
		JsonNodeFactory json = JsonNodeFactory.instance;
		if (value == null) {
			return json.nullNode();
		}
		if (value instanceof JsonNode node) {
			return node;
		}
		if (value instanceof AdminState state) {
			return json.textNode(state.configName());
		}
		if (value instanceof Member member) {
			ObjectNode node = json.objectNode();
			node.put("id", member.id());
			return values(node, MemberValues.of(member));
		}
		if (value instanceof MemberValues values) {
			return values(json.objectNode(), values);
		}
		if (value instanceof Number || value instanceof Boolean) {
			return Json.MAPPER.valueToTree(value);
		}
		return json.textNode(value.toString());
	}

	private static ObjectNode values(ObjectNode node, MemberValues values) {
		node.put("uri", values.uri().toString());
		node.put("weight", values.weight());
		node.put("tier", values.tier());
		node.put("state", values.state().configName());
		return node;
	}

}
