package dev.tandem.gateway.health;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A was-node's view of its session cluster, as its readiness answer reported it at the
 * last probe ({@code components.sessionCluster.details}): whom it sees, whether the
 * cluster's backups are in place, and how many sessions it holds. The gateway learns this
 * through HTTP and never joins the cluster.
 *
 * @param clusterSize the members it sees, itself included
 * @param members each member's address and announced node id
 * @param clusterSafe whether every partition's backups were in sync
 * @param localMemberSafe whether its own partitions' backups were in sync
 * @param ownedSessions the sessions whose primary copy it holds, -1 when unknown
 * @param backupSessions the backup copies it holds, -1 when unknown
 * @param viewId the id of its view, equal on every node that sees the same members,
 * {@code null} when the node does not report one (an older node)
 */
public record SessionClusterView(int clusterSize, List<ClusterMember> members, boolean clusterSafe,
		boolean localMemberSafe, long ownedSessions, long backupSessions, String viewId) {

	// Without shared field-name tables, whose updates take a lock: probes of several
	// members end on event loops at once (the witness probes all of them together).
	private static final ObjectMapper JSON = new ObjectMapper(
			JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build());

	static {
		// The tree deserializer is created on first use, under a lock: create it here,
		// not
		// on an event loop.
		parse("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/** A node reports a few members; more are not read. */
	static final int MAX_MEMBERS = 64;

	public SessionClusterView {
		members = List.copyOf(members);
	}

	/**
	 * The view in a readiness answer, if it has one.
	 * @param body the answer's body, possibly cut off or not JSON
	 * @return the view, or {@code null} when the body holds none (a plain Tomcat, an
	 * older node)
	 */
	static SessionClusterView parse(byte[] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			JsonNode details = JSON.readTree(body).path("components").path("sessionCluster").path("details");
			if (!details.isObject()) {
				return null;
			}
			List<ClusterMember> members = new ArrayList<>();
			for (JsonNode member : details.path("memberList")) {
				if (members.size() == MAX_MEMBERS) {
					break;
				}
				members.add(new ClusterMember(text(member.path("address")), text(member.path("nodeId")),
						member.path("local").asBoolean(false)));
			}
			int size = details.path("clusterSize").asInt(details.path("members").asInt(members.size()));
			return new SessionClusterView(size, members, details.path("clusterSafe").asBoolean(false),
					details.path("localMemberSafe").asBoolean(false), details.path("ownedSessions").asLong(-1),
					details.path("backupSessions").asLong(-1), text(details.path("viewId")));
		}
		catch (java.io.IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The reporting node's own cluster address, from the entry of its member list that it
	 * marked as local.
	 * @return {@code host:port}, or {@code null} when no entry is marked local
	 */
	public String localAddress() {
		for (ClusterMember member : this.members) {
			if (member.local()) {
				return member.address();
			}
		}
		return null;
	}

	/**
	 * Whether a member with this cluster address is in the view.
	 * @param address {@code host:port}
	 * @return whether one of the members has it
	 */
	public boolean includes(String address) {
		for (ClusterMember member : this.members) {
			if (member.address() != null && member.address().equals(address)) {
				return true;
			}
		}
		return false;
	}

	private static String text(JsonNode node) {
		if (!node.isTextual()) {
			return null;
		}
		String text = node.textValue();
		return (text.length() > 100) ? text.substring(0, 100) : text;
	}

	/**
	 * One member of the session cluster as a node sees it.
	 *
	 * @param address its cluster address, {@code host:port}
	 * @param nodeId the node id it announced, {@code null} when none
	 * @param local whether it is the reporting node's own member
	 */
	public record ClusterMember(String address, String nodeId, boolean local) {

	}

}
