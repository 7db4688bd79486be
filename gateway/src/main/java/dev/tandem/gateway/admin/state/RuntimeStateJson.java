package dev.tandem.gateway.admin.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.gateway.member.Member;

/**
 * The state file's format, version {@value #VERSION}: written pretty-printed for the
 * operator who opens it, read strictly so that any damage makes the whole file bad rather
 * than restoring part of it. Fields that this version does not know are ignored.
 */
final class RuntimeStateJson {

	static final int VERSION = 1;

	private RuntimeStateJson() {
	}

	static byte[] write(RuntimeState state) throws IOException {
		ObjectNode root = Json.MAPPER.createObjectNode();
		root.put("version", VERSION);
		root.put("writtenAt", state.writtenAt().toString());
		root.put("revision", state.revision());
		ArrayNode members = root.putArray("members");
		for (SavedMember saved : state.members()) {
			Member member = saved.member();
			ObjectNode node = members.addObject();
			node.put("id", member.id());
			node.put("uri", member.uri().toString());
			node.put("weight", member.weight());
			node.put("tier", member.tier());
			node.put("state", member.state().configName());
			// Only a route set apart from the id is written, so files stay as they were.
			if (member.hasOwnRoute()) {
				node.put("route", member.route());
			}
			if (member.group() != null) {
				node.put("group", member.group());
			}
			if (saved.configured() != null) {
				writeValues(node.putObject("configured"), saved.configured());
			}
			else {
				node.putNull("configured");
			}
		}
		ArrayNode removed = root.putArray("removed");
		for (RemovedMember member : state.removed()) {
			ObjectNode node = removed.addObject();
			node.put("id", member.id());
			writeValues(node.putObject("configured"), member.configured());
		}
		ArrayNode expiries = root.putArray("expiries");
		for (PendingExpiry expiry : state.expiries()) {
			ObjectNode node = expiries.addObject();
			node.put("member", expiry.memberId());
			node.put("state", expiry.state().configName());
			node.put("returnTo", expiry.returnTo().configName());
			node.put("at", expiry.at().toString());
		}
		return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
	}

	private static void writeValues(ObjectNode node, MemberValues values) {
		node.put("uri", values.uri().toString());
		node.put("weight", values.weight());
		node.put("tier", values.tier());
		node.put("state", values.state().configName());
	}

	/**
	 * The state in a file's content.
	 * @param content the content
	 * @return the state
	 * @throws IOException when the content is not JSON
	 * @throws IllegalArgumentException when it is JSON but not a valid state of this
	 * version, with the reason
	 */
	static RuntimeState read(byte[] content) throws IOException {
		JsonNode root = Json.object(Json.parse(content), "the file");
		int version = Json.integer(root, "version", "");
		if (version != VERSION) {
			throw new IllegalArgumentException(
					"it has format version " + version + " and this gateway reads version " + VERSION);
		}
		long revision = Json.longInteger(root, "revision", "");
		if (revision < 1) {
			throw new IllegalArgumentException("revision must be 1 or more, but was " + revision);
		}
		List<SavedMember> members = new ArrayList<>();
		JsonNode memberNodes = Json.array(root, "members", "");
		for (int i = 0; i < memberNodes.size(); i++) {
			members.add(readMember(memberNodes.get(i), "members[" + i + "]."));
		}
		List<RemovedMember> removed = new ArrayList<>();
		JsonNode removedNodes = Json.array(root, "removed", "");
		for (int i = 0; i < removedNodes.size(); i++) {
			String where = "removed[" + i + "].";
			JsonNode node = Json.object(removedNodes.get(i), where);
			String id = Json.text(node, "id", where);
			removed.add(new RemovedMember(id, readValues(node.get("configured"), id, where + "configured.")));
		}
		List<PendingExpiry> expiries = new ArrayList<>();
		JsonNode expiryNodes = Json.array(root, "expiries", "");
		for (int i = 0; i < expiryNodes.size(); i++) {
			String where = "expiries[" + i + "].";
			JsonNode node = Json.object(expiryNodes.get(i), where);
			expiries.add(new PendingExpiry(Json.text(node, "member", where), Json.state(node, "state", where),
					Json.state(node, "returnTo", where), Json.instant(node, "at", where)));
		}
		return new RuntimeState(revision, Json.instant(root, "writtenAt", ""), members, removed, expiries);
	}

	private static SavedMember readMember(JsonNode node, String where) {
		Json.object(node, where);
		String id = Json.text(node, "id", where);
		Member member = new Member(id, Json.uri(node, "uri", where), Json.integer(node, "weight", where),
				Json.integer(node, "tier", where), Json.state(node, "state", where),
				Json.optionalText(node, "route", where), Json.optionalText(node, "group", where));
		if (!node.has("configured")) {
			// null is meaningful (added at runtime), so it must be said, not left out.
			throw new IllegalArgumentException(where + "configured must be the configured values or null");
		}
		JsonNode configured = node.get("configured");
		return new SavedMember(member, configured.isNull() ? null : readValues(configured, id, where + "configured."));
	}

	private static MemberValues readValues(JsonNode node, String id, String where) {
		Json.object(node, where);
		MemberValues values = new MemberValues(Json.uri(node, "uri", where), Json.integer(node, "weight", where),
				Json.integer(node, "tier", where), Json.state(node, "state", where));
		// The address rule lives in Member.
		values.toMember(id);
		return values;
	}

}
