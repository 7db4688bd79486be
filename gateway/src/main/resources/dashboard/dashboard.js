// The Tandem gateway dashboard: polls GET /api/dashboard every few seconds, shows the
// members, plots the last 15 minutes, and (for the admin role) calls the admin API.
// Everything the server sends is put into the page as text, never as markup.
'use strict';

(() => {
	const POLL_MILLIS = 5000;
	const WINDOW_MILLIS = 15 * 60 * 1000;
	const AUDIT_ROWS = 20;
	const REQUEST_TIMEOUT_MILLIS = 15000;
	const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

	const page = {
		role: null,
		csrf: null,
		serverOffset: 0, // server clock minus browser clock, in ms
		members: [],
		version: null,
		history: { times: [], series: new Map(), transitions: new Map(), states: new Map(), since: 0 },
		plots: { traffic: null, latency: null, key: '' },
		cards: new Map(),
	};

	const $ = (selector, root = document) => root.querySelector(selector);

	function element(tag, attributes = {}, ...children) {
		const node = document.createElement(tag);
		for (const [name, value] of Object.entries(attributes)) {
			if (value === false || value === null || value === undefined) {
				continue;
			}
			if (name === 'text') {
				node.textContent = value;
			}
			else if (name.startsWith('on')) {
				node.addEventListener(name.substring(2), value);
			}
			else {
				node.setAttribute(name, value === true ? '' : value);
			}
		}
		for (const child of children) {
			if (child !== null && child !== undefined) {
				node.append(child);
			}
		}
		return node;
	}

	function serverNow() {
		return Date.now() + page.serverOffset;
	}

	function clock(millis) {
		return new Date(millis).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
	}

	function ago(time) {
		const seconds = Math.max(0, Math.round((serverNow() - Date.parse(time)) / 1000));
		if (seconds < 120) {
			return seconds + ' s ago';
		}
		if (seconds < 7200) {
			return Math.round(seconds / 60) + ' min ago';
		}
		return 'at ' + new Date(Date.parse(time)).toLocaleString();
	}

	function number(value, digits = 1) {
		return (value === null || value === undefined) ? '–' : Number(value).toFixed(digits).replace(/\.0+$/, '');
	}

	function plural(count, word) {
		return count + ' ' + word + (count === 1 ? '' : 's');
	}

	// ---- talking to the API -------------------------------------------------------

	async function call(method, path, body) {
		// X-Requested-With: an expired login answers a bare 401, not the browser's password dialog.
		const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}
		if (method !== 'GET' && page.csrf) {
			headers[page.csrf.headerName] = page.csrf.token;
		}
		let response;
		try {
			response = await fetch(path, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
				credentials: 'same-origin',
				redirect: 'error',
				// A request that never ends must not stop the polling for good.
				signal: AbortSignal.timeout(REQUEST_TIMEOUT_MILLIS),
			});
		}
		catch (error) {
			throw new Error(error.name === 'TimeoutError'
				? 'The gateway did not answer within ' + REQUEST_TIMEOUT_MILLIS / 1000 + ' s.'
				: 'The gateway cannot be reached (' + error.message + ').');
		}
		if (response.status === 401) {
			// The login has expired: the login page brings the user back here.
			window.location.assign('/login');
			throw new Error('Your login has expired.');
		}
		const text = await response.text();
		let json = null;
		if (text) {
			try {
				json = JSON.parse(text);
			}
			catch (ignored) {
				json = null;
			}
		}
		if (!response.ok) {
			const sentence = (json && json.detail) ? json.detail
				: response.status === 403 ? 'Your role may not do that.'
					: 'The gateway answered ' + response.status + '.';
			throw new Error(sentence);
		}
		return json;
	}

	function say(text, failed) {
		const message = $('#message');
		message.textContent = text;
		message.classList.toggle('error', Boolean(failed));
	}

	async function act(description, method, path, body) {
		say(description + '…', false);
		try {
			await call(method, path, body);
			say(description + ': done.', false);
			await poll();
		}
		catch (error) {
			say(description + ': ' + error.message, true);
		}
	}

	function reason() {
		const text = $('#reason').value.trim();
		return text ? text : undefined;
	}

	function confirmed(text) {
		const dialog = $('#confirm');
		$('#confirm-text').textContent = text;
		return new Promise((resolve) => {
			dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
			dialog.returnValue = 'no';
			dialog.showModal();
		});
	}

	// ---- member actions (admin only) -----------------------------------------------

	function takesNewClients(member) {
		return member.state === 'active' && member.weight > 0 && member.health.status === 'up';
	}

	// A sentence when the change would leave no member to take new clients, else null.
	function lastMemberWarning(id, after) {
		const remaining = page.members.filter((member) => takesNewClients(member.id === id ? { ...member, ...after } : member));
		if (remaining.length > 0) {
			return null;
		}
		return 'After this no member takes new clients: ' + id + ' is the last active member that is up with a weight. '
			+ 'New visitors get errors until a member is back (clients already pinned to a draining member stay).';
	}

	async function changeMember(member, change, description) {
		const warning = lastMemberWarning(member.id, change);
		if (warning && !(await confirmed(warning + ' ' + description + '?'))) {
			say(description + ': cancelled.', false);
			return;
		}
		await act(description, 'PATCH', '/api/members/' + encodeURIComponent(member.id), { ...change, reason: reason() });
	}

	async function removeMember(member) {
		const forced = member.state === 'active';
		let text = 'Remove ' + member.id + ' (' + member.uri + ')? It gets no new requests from now on and its sticky '
			+ 'clients move to another member. The change is kept across restarts; add it again to undo.';
		if (forced) {
			text += ' It is still active, so it is removed with force: drain it first to let its clients move gently.';
		}
		const warning = lastMemberWarning(member.id, { state: 'disabled' });
		if (warning) {
			text = warning + ' ' + text;
		}
		if (!(await confirmed(text))) {
			say('Remove ' + member.id + ': cancelled.', false);
			return;
		}
		const query = new URLSearchParams({ force: String(forced) });
		if (reason()) {
			query.set('reason', reason());
		}
		await act('Remove ' + member.id, 'DELETE', '/api/members/' + encodeURIComponent(member.id) + '?' + query);
	}

	function memberActions(id) {
		const current = () => page.members.find((member) => member.id === id);
		const button = (action, label, onClick) => element('button', { type: 'button', 'data-action': action, text: label,
			onclick: () => onClick(current()) });
		const weight = element('input', { type: 'number', min: 0, max: 1000, step: 1, 'data-input': 'weight',
			'aria-label': 'New weight for ' + id, inputmode: 'numeric' });
		const tier = element('select', { 'data-input': 'tier', 'aria-label': 'New tier for ' + id },
			...[0, 1, 2, 3].map((value) => element('option', { value, text: tierName(value) })));
		return element('div', { class: 'actions' },
			element('div', { class: 'action-row' },
				button('drain', 'Drain', (member) => changeMember(member, { state: 'draining' }, 'Drain ' + member.id)),
				button('disable', 'Disable', (member) => changeMember(member, { state: 'disabled' }, 'Disable ' + member.id)),
				button('enable', 'Enable', (member) => changeMember(member, { state: 'active' }, 'Enable ' + member.id)),
				button('recover', 'Recover now', (member) => act('Recover ' + member.id, 'POST',
					'/api/members/' + encodeURIComponent(member.id) + '/recover')),
				button('remove', 'Remove…', removeMember)),
			element('div', { class: 'action-row' },
				element('label', {}, 'Weight ', weight),
				button('set-weight', 'Set', (member) => {
					const value = weight.value.trim();
					if (!/^\d+$/.test(value)) {
						say('Set the weight of ' + id + ': type a whole number from 0 to 1000.', true);
						return;
					}
					changeMember(member, { weight: Number(value) }, 'Set the weight of ' + id + ' to ' + value);
				}),
				element('label', {}, 'Tier ', tier),
				button('set-tier', 'Move', (member) => changeMember(member, { tier: Number(tier.value) },
					'Move ' + id + ' to ' + tierName(Number(tier.value))))));
	}

	// ---- members ------------------------------------------------------------------

	function tierName(tier) {
		return tier === 0 ? 'active' : tier === 1 ? 'standby' : 'tier ' + tier;
	}

	function lastTransitionReason(id, state) {
		const transitions = page.history.transitions.get(id) || [];
		for (let i = transitions.length - 1; i >= 0; i--) {
			if (transitions[i].to === state) {
				return transitions[i].reason;
			}
		}
		return null;
	}

	function healthWords(member) {
		const health = member.health;
		const probe = health.lastProbe;
		const last = probe ? ', last: ' + probe.reason + ', ' + ago(probe.time) : '';
		if (health.status === 'down') {
			return 'down: ' + plural(health.consecutiveProbeFailures, 'failed probe') + last;
		}
		if (health.status === 'ejected') {
			const why = lastTransitionReason(member.id, 'ejected');
			return 'ejected' + (why ? ': ' + why : ' after failed requests') + '; back in '
				+ Math.ceil(health.ejectionRemainingMillis / 1000) + ' s unless recovered';
		}
		if (!probe) {
			return 'up: no probe yet';
		}
		return 'up: ' + plural(health.consecutivePasses, 'probe') + ' passed' + last;
	}

	function stateWords(member) {
		let text = member.state;
		if (member.stateExpires) {
			text += ', back to ' + member.stateExpires.returnsTo + ' at ' + clock(Date.parse(member.stateExpires.at));
		}
		return text;
	}

	// The lowest tier with a member that can take new clients: the tier that gets them.
	// Tiers act within a group of members: each application has its own serving tier.
	function servingTier(members, group) {
		const tiers = members.filter((member) => (member.group ?? null) === group && takesNewClients(member))
			.map((member) => member.tier);
		return tiers.length ? Math.min(...tiers) : null;
	}

	function balancerWords(member) {
		const serving = servingTier(page.members, member.group ?? null);
		if (member.balancerState === 'up' && serving !== null && member.tier > serving) {
			return 'up: ready, takes new clients only when no lower tier can';
		}
		const words = {
			up: 'takes new clients',
			'slow-start': 'takes new clients, ramping up',
			idle: 'weight 0: keeps its sticky clients only',
			draining: 'keeps its sticky clients, no new ones',
			ejected: 'no traffic until the ejection ends',
			down: 'no traffic until its checks pass',
			disabled: 'no traffic',
			unknown: 'not known to the balancer yet',
		};
		return member.balancerState + ': ' + (words[member.balancerState] || '');
	}

	function clusterWords(cluster) {
		if (!cluster) {
			return 'no session-cluster view (not a Tandem node, or not probed yet)';
		}
		const names = cluster.members.map((peer) => (peer.nodeId || peer.address) + (peer.local ? ' (itself)' : ''));
		const sessions = cluster.ownedSessions >= 0
			? cluster.ownedSessions + ' sessions held, ' + cluster.backupSessions + ' backups' : 'sessions not counted';
		return 'sees ' + plural(cluster.clusterSize, 'member') + ' (' + names.join(', ') + '); '
			+ (cluster.clusterSafe ? 'safe' : 'NOT safe: backups not in sync') + '; ' + sessions;
	}

	function witnessWords(witness) {
		if (!witness) {
			return 'not judged yet';
		}
		return (witness.included ? 'serves: ' : 'EXCLUDED: ') + witness.reason;
	}

	function renderWitness(witness) {
		const target = $('#witness');
		let text;
		if (!witness || !witness.enabled) {
			text = 'Witness off: every node the health checks pass serves.';
		}
		else if (witness.winningView.length === 0) {
			text = 'Witness: ' + witness.rule + '.';
		}
		else {
			text = 'Witness: the cluster view of ' + witness.supporters.join(', ') + ' serves ('
				+ plural(witness.winningView.length, 'member') + '; ' + witness.rule + ')'
				+ (witness.excluded.length === 0 ? '.' : '; excluded: '
					+ witness.excluded.map((member) => member.member + ' (' + member.reason + ')').join('; ') + '.');
		}
		target.classList.toggle('error', Boolean(witness && witness.excluded && witness.excluded.length > 0));
		if (target.textContent !== text) {
			target.textContent = text;
		}
	}

	function field(name, label) {
		return element('div', { class: 'field' }, element('dt', { text: label }), element('dd', { 'data-field': name }));
	}

	function newCard(id) {
		const card = element('article', { class: 'member', 'data-member': id, 'aria-labelledby': 'member-' + id },
			element('header', {},
				element('h3', { id: 'member-' + id, 'data-field': 'id', text: id }),
				element('span', { class: 'uri', 'data-field': 'uri' }),
				element('span', { class: 'badge', 'data-field': 'tier' }),
				element('span', { class: 'badge group', 'data-field': 'group' })),
			element('dl', { class: 'states' },
				field('admin-state', 'Admin'),
				field('health', 'Health'),
				field('balancer-state', 'Routing')),
			element('dl', { class: 'figures' },
				field('weight', 'Weight'),
				field('effective-weight', 'Effective weight'),
				field('in-flight', 'In flight'),
				field('requests-per-second', 'Requests/s'),
				field('errors-per-second', 'Errors/s'),
				field('latency', 'p50 / p99'),
				field('sticky-clients', 'Sticky clients'),
				field('safe-to-stop', 'Safe to stop')),
			element('dl', { class: 'cluster' }, field('cluster', 'Session cluster'), field('witness', 'Witness')));
		if (page.role === 'admin') {
			card.append(memberActions(id));
		}
		return card;
	}

	function fill(card, name, text) {
		const target = $('[data-field="' + name + '"]', card);
		if (target.textContent !== text) {
			target.textContent = text;
		}
	}

	function renderMembers(members) {
		const container = $('#members');
		const seen = new Set();
		for (const member of members) {
			seen.add(member.id);
			let card = page.cards.get(member.id);
			if (!card) {
				card = newCard(member.id);
				page.cards.set(member.id, card);
			}
			container.append(card); // keeps configuration order
			card.dataset.state = member.state;
			card.dataset.health = member.health.status;
			card.dataset.balancerState = member.balancerState;
			fill(card, 'uri', member.uri);
			fill(card, 'tier', member.tierName);
			fill(card, 'group', member.group ? 'group ' + member.group : '');
			fill(card, 'admin-state', stateWords(member));
			fill(card, 'health', healthWords(member));
			fill(card, 'balancer-state', balancerWords(member));
			fill(card, 'weight', String(member.weight));
			fill(card, 'effective-weight', number(member.effectiveWeight, 2)
				+ (member.balancerState === 'slow-start' ? ' (slow start)' : ''));
			fill(card, 'in-flight', String(member.inFlight));
			fill(card, 'requests-per-second', number(member.requestsPerSecond));
			fill(card, 'errors-per-second', number(member.errorsPerSecond));
			fill(card, 'latency', number(member.latencyP50Millis) + ' / ' + number(member.latencyP99Millis) + ' ms');
			fill(card, 'sticky-clients', String(member.stickyClients));
			fill(card, 'safe-to-stop', member.safeToStop ? 'yes' : 'no');
			fill(card, 'cluster', clusterWords(member.cluster));
			fill(card, 'witness', witnessWords(member.witness));
			if (page.role === 'admin') {
				for (const [action, disabled] of [['drain', member.state === 'draining'],
					['disable', member.state === 'disabled'], ['enable', member.state === 'active'],
					['recover', !member.health.ejected]]) {
					$('[data-action="' + action + '"]', card).disabled = disabled;
				}
				const weight = $('[data-input="weight"]', card);
				if (document.activeElement !== weight && weight.value === '') {
					weight.placeholder = String(member.weight);
				}
				const tier = $('[data-input="tier"]', card);
				if (document.activeElement !== tier && !tier.dataset.touched) {
					if (!tier.querySelector('option[value="' + member.tier + '"]')) {
						tier.append(element('option', { value: member.tier, text: member.tierName }));
					}
					tier.value = String(member.tier);
				}
			}
		}
		for (const [id, card] of page.cards) {
			if (!seen.has(id)) {
				card.remove();
				page.cards.delete(id);
			}
		}
		const groups = [...new Set(members.map((member) => member.group ?? null))];
		$('#serving').textContent = groups.map((group) => {
			const tier = servingTier(members, group);
			const whose = group === null ? 'New clients' : 'New clients of group ' + group;
			const serving = members.filter((member) => (member.group ?? null) === group && takesNewClients(member)
				&& member.tier === tier);
			return tier === null
				? (group === null ? 'No member' : 'No member of group ' + group) + ' can take new clients now.'
				: whose + ' go to ' + serving.map((member) => member.id).join(', ') + ' (' + tierName(tier) + ').';
		}).join(' ');
	}

	// ---- history and plots ------------------------------------------------------------

	function mergeHistory(history) {
		if (!history) {
			return;
		}
		const kept = page.history;
		const ids = history.members.map((member) => member.id);
		const oldLength = kept.times.length;
		const lastKept = oldLength ? kept.times[oldLength - 1] : -Infinity;
		// Ticks already kept are skipped (defensive: since is exclusive on the server).
		const skip = history.time.findIndex((time) => time > lastKept);
		const from = skip === -1 ? history.time.length : skip;
		kept.times.push(...history.time.slice(from));
		for (const member of history.members) {
			let series = kept.series.get(member.id);
			if (!series) {
				const empty = () => new Array(oldLength).fill(null);
				series = { rps: empty(), p50: empty(), p99: empty() };
				kept.series.set(member.id, series);
			}
			series.rps.push(...member.requestsPerSecond.slice(from));
			series.p50.push(...member.latencyP50Millis.slice(from));
			series.p99.push(...member.latencyP99Millis.slice(from));
			const transitions = kept.transitions.get(member.id) || [];
			const lastTime = transitions.length ? transitions[transitions.length - 1].time : -Infinity;
			transitions.push(...member.transitions.filter((transition) => transition.time > lastTime));
			kept.transitions.set(member.id, transitions);
			kept.states.set(member.id, member.state);
		}
		for (const id of [...kept.series.keys()]) {
			if (!ids.includes(id)) {
				kept.series.delete(id);
				kept.transitions.delete(id);
				kept.states.delete(id);
			}
		}
		// Keep the window: drop ticks and transitions older than 15 minutes.
		const oldest = history.now - WINDOW_MILLIS;
		let drop = 0;
		while (drop < kept.times.length && kept.times[drop] < oldest) {
			drop++;
		}
		kept.times.splice(0, drop);
		for (const series of kept.series.values()) {
			series.rps.splice(0, drop);
			series.p50.splice(0, drop);
			series.p99.splice(0, drop);
		}
		for (const [id, transitions] of kept.transitions) {
			// Keep the last transition before the window: it gives the state the window starts in.
			const firstInside = transitions.findIndex((transition) => transition.time >= oldest);
			const cut = firstInside === -1 ? transitions.length - 1 : firstInside - 1;
			if (cut > 0) {
				kept.transitions.set(id, transitions.slice(cut));
			}
		}
		if (history.time.length > 0) {
			kept.since = history.time[history.time.length - 1];
		}
	}

	function plotWidth(container) {
		return Math.max(240, container.clientWidth || 600);
	}

	function newPlot(container, series, yLabel) {
		container.replaceChildren();
		const options = {
			width: plotWidth(container),
			height: 220,
			series: [{}, ...series],
			// The whole window, like the timeline under it, however little of it has data yet.
			scales: { x: { time: true, range: () => [(serverNow() - WINDOW_MILLIS) / 1000, serverNow() / 1000] } },
			axes: [{}, { label: yLabel, size: 50 }],
			legend: { live: true },
			cursor: { drag: { x: false, y: false } },
		};
		return new window.uPlot(options, [[]], container);
	}

	function drawPlots() {
		const ids = [...page.history.series.keys()];
		const key = ids.join(',');
		const traffic = $('#traffic-plot');
		const latency = $('#latency-plot');
		if (page.plots.key !== key || !page.plots.traffic) {
			page.plots.traffic?.destroy();
			page.plots.latency?.destroy();
			page.plots.traffic = newPlot(traffic, ids.map((id, i) => ({
				label: id, stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: false,
				value: (u, v) => (v === null || v === undefined) ? '–' : v.toFixed(0) + ' %',
			})), '%');
			page.plots.latency = newPlot(latency, ids.flatMap((id, i) => [
				{ label: id + ' p50', stroke: COLOURS[i % COLOURS.length], width: 2,
					value: (u, v) => (v === null || v === undefined) ? '–' : v.toFixed(1) + ' ms' },
				{ label: id + ' p99', stroke: COLOURS[i % COLOURS.length], width: 1, dash: [6, 4],
					value: (u, v) => (v === null || v === undefined) ? '–' : v.toFixed(1) + ' ms' },
			]), 'ms');
			page.plots.key = key;
		}
		const times = page.history.times.map((time) => time / 1000);
		const rates = ids.map((id) => page.history.series.get(id).rps);
		const shares = ids.map((id, i) => rates[i].map((rate, t) => {
			const total = rates.reduce((sum, memberRates) => sum + (memberRates[t] || 0), 0);
			return (total > 0 && rate !== null) ? 100 * rate / total : null;
		}));
		page.plots.traffic.setData([times, ...shares]);
		page.plots.latency.setData([times, ...ids.flatMap((id) => [page.history.series.get(id).p50,
			page.history.series.get(id).p99])]);
		for (const container of [traffic, latency]) {
			container.dataset.series = String(ids.length);
			container.dataset.points = String(times.length);
		}
	}

	function drawTimeline() {
		const timeline = $('#timeline');
		const end = serverNow();
		const start = end - WINDOW_MILLIS;
		const rows = [];
		for (const id of page.history.series.keys()) {
			const transitions = page.history.transitions.get(id) || [];
			const before = transitions.filter((transition) => transition.time < start).pop();
			const inside = transitions.filter((transition) => transition.time >= start);
			let state = before ? before.to : inside.length ? inside[0].from : page.history.states.get(id);
			let reason = before ? before.reason : 'the state when the gateway started';
			// Nothing is known before the gateway's first sample or change: no band there.
			const known = Math.min(page.history.times.length ? page.history.times[0] : end,
				transitions.length ? transitions[0].time : end);
			let from = before ? start : Math.max(start, known);
			const bands = [];
			const band = (until) => {
				if (state && state !== 'absent' && until > from) {
					const node = element('span', { class: 'band', 'data-state': state,
						title: state + ' from ' + clock(from) + ' to ' + clock(until) + ': ' + reason });
					node.style.left = (100 * (from - start) / WINDOW_MILLIS) + '%';
					node.style.width = (100 * (until - from) / WINDOW_MILLIS) + '%';
					bands.push(node);
				}
			};
			for (const transition of inside) {
				band(transition.time);
				state = transition.to;
				reason = transition.reason;
				from = transition.time;
			}
			band(end);
			rows.push(element('div', { class: 'timeline-row' },
				element('span', { class: 'timeline-label', text: id }),
				element('div', { class: 'timeline-track', 'data-timeline': id, role: 'img',
					'aria-label': 'Health of ' + id + ' over the last 15 minutes, now ' + state }, ...bands)));
		}
		rows.push(element('div', { class: 'timeline-row axis' }, element('span', { class: 'timeline-label' }),
			element('div', { class: 'timeline-axis' }, element('span', { text: clock(start) }),
				element('span', { text: 'now' }))));
		timeline.replaceChildren(...rows);
		// The same changes as text: hover titles reach neither a keyboard nor a phone.
		const changes = [...page.history.transitions.entries()]
			.flatMap(([id, transitions]) => transitions.filter((t) => t.time >= start).map((t) => ({ id, ...t })))
			.sort((a, b) => b.time - a.time);
		$('#transitions').replaceChildren(...changes.map((t) => element('li', {
			text: clock(t.time) + ' ' + t.id + ': ' + t.from + ' → ' + t.to + ' (' + t.reason + ')' })));
	}

	// ---- rolling restart and audit ----------------------------------------------------

	function renderRollingRestart(progress) {
		const target = $('#rolling-restart-progress');
		if (!progress || progress.status === 'none') {
			target.textContent = 'No rolling restart has run since the gateway started.';
		}
		else {
			const head = 'Rolling restart ' + progress.status + ', started by ' + progress.startedBy + ' at '
				+ clock(Date.parse(progress.startedAt)) + (progress.reason ? ' (' + progress.reason + ')' : '')
				+ (progress.detail ? ': ' + progress.detail : '');
			target.replaceChildren(element('p', { text: head }), element('ol', {},
				...progress.members.map((step) => element('li', { 'data-restart-member': step.member },
					step.member + ': ' + step.phase + (step.detail ? ' — ' + step.detail : '')))));
		}
		const cancel = $('#rolling-restart-cancel');
		if (cancel) {
			cancel.hidden = !progress || progress.status !== 'running';
			$('#rolling-restart').disabled = Boolean(progress && progress.status === 'running');
		}
	}

	function describe(value) {
		if (value === null || value === undefined) {
			return '–';
		}
		return typeof value === 'object' ? JSON.stringify(value) : String(value);
	}

	async function refreshAudit() {
		const answer = await call('GET', '/api/audit?limit=' + AUDIT_ROWS);
		const rows = answer.entries.map((entry) => element('tr', {},
			element('td', { text: new Date(Date.parse(entry.time)).toLocaleString() }),
			element('td', { text: entry.user || '–' }),
			element('td', { text: entry.action }),
			element('td', { text: entry.member || '–' }),
			element('td', { text: describe(entry.before) + ' → ' + describe(entry.after) }),
			element('td', { text: entry.reason || '' })));
		if (rows.length === 0) {
			rows.push(element('tr', {}, element('td', { colspan: 6, class: 'muted', text: 'No changes yet.' })));
		}
		$('#audit tbody').replaceChildren(...rows);
	}

	// ---- admin-only controls ------------------------------------------------------------

	function buildAdminControls() {
		for (const node of document.querySelectorAll('.admin-only')) {
			node.hidden = false;
		}
		const id = element('input', { name: 'id', required: true, maxlength: 63, pattern: '[A-Za-z0-9._\\-]{1,63}',
			autocomplete: 'off', placeholder: 'was4' });
		const uri = element('input', { name: 'uri', required: true, maxlength: 200, type: 'url',
			placeholder: 'http://192.168.1.24:8080' });
		const weight = element('input', { name: 'weight', type: 'number', min: 0, max: 1000, value: 1 });
		const tier = element('select', { name: 'tier' }, ...[0, 1, 2, 3].map((value) => element('option',
			{ value, text: tierName(value) })));
		const form = element('form', { id: 'add-member', class: 'add-member' },
			element('label', {}, 'Id ', id), element('label', {}, 'Address ', uri),
			element('label', {}, 'Weight ', weight), element('label', {}, 'Tier ', tier),
			element('button', { type: 'submit', text: 'Add member' }));
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			act('Add ' + id.value, 'POST', '/api/members', { id: id.value.trim(), uri: uri.value.trim(),
				weight: Number(weight.value), tier: Number(tier.value), reason: reason() })
				.then(() => {
					if (!$('#message').classList.contains('error')) {
						form.reset();
					}
				});
		});
		$('#add-member-section').append(form);

		const start = element('button', { type: 'button', id: 'rolling-restart', class: 'danger',
			text: 'Restart every node, one at a time…' });
		start.addEventListener('click', async () => {
			const text = 'Restart every was-node one at a time: each is drained, the gateway waits until it has no '
				+ 'request in flight and its session cluster is safe, restarts it, and waits until it is back in '
				+ 'the cluster before the next. Nobody should lose a session or a request; it takes a minute or more '
				+ 'per node. Start it?';
			if (await confirmed(text)) {
				act('Start the rolling restart', 'POST', '/api/rolling-restart', { reason: reason() });
			}
		});
		const cancel = element('button', { type: 'button', id: 'rolling-restart-cancel', hidden: true,
			text: 'Cancel the rolling restart' });
		cancel.addEventListener('click', () => act('Cancel the rolling restart', 'DELETE', '/api/rolling-restart'));
		$('#rolling-restart-controls').append(start, cancel);
	}

	// ---- the loop -----------------------------------------------------------------------

	// Polls run one after another, so two never merge the same ticks.
	let polls = Promise.resolve();

	function poll() {
		polls = polls.then(pollOnce, pollOnce);
		return polls;
	}

	async function pollOnce() {
		const answer = await call('GET', '/api/dashboard?since=' + page.history.since);
		page.serverOffset = answer.now - Date.now();
		page.members = answer.members;
		mergeHistory(answer.history);
		renderMembers(answer.members);
		renderWitness(answer.witness);
		renderRollingRestart(answer.rollingRestart);
		if (window.uPlot) {
			drawPlots();
		}
		drawTimeline();
		if (answer.version !== page.version) {
			page.version = answer.version;
			await refreshAudit();
		}
		const main = $('#dashboard');
		main.dataset.updated = String(Date.now());
		main.setAttribute('aria-busy', 'false');
		$('#stale').hidden = true;
	}

	async function loop() {
		try {
			await poll();
		}
		catch (error) {
			const stale = $('#stale');
			stale.textContent = 'Could not refresh at ' + clock(Date.now()) + ': ' + error.message + ' Retrying.';
			stale.hidden = false;
		}
		window.setTimeout(loop, POLL_MILLIS);
	}

	async function start() {
		const session = await call('GET', '/api/session');
		page.role = session.role;
		page.csrf = session.csrf;
		$('#user').textContent = session.name;
		$('#role').textContent = session.role;
		$('#dashboard').dataset.role = session.role;
		if (session.csrf) {
			const hidden = $('#logout-csrf');
			hidden.name = session.csrf.parameterName;
			hidden.value = session.csrf.token;
		}
		if (session.role === 'admin') {
			buildAdminControls();
		}
		window.addEventListener('resize', () => {
			for (const [plot, container] of [[page.plots.traffic, '#traffic-plot'], [page.plots.latency, '#latency-plot']]) {
				plot?.setSize({ width: plotWidth($(container)), height: 220 });
			}
		});
		await loop();
	}

	document.addEventListener('DOMContentLoaded', () => {
		start().catch((error) => say('The dashboard could not start: ' + error.message, true));
	});
})();
