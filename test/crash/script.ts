// The scripted workshop the crash test runs: problem-solving-workshop with four participants in
// two groups, consent, turns with timers, private needs/fears/hopes, a brainstorm with votes.
// Console lines (the terminal room's grammar) plus `wait` lines that move the simulated clock.
export const crashScript = `
/join amal group-a
/join ben group-b
/join chen group-a
/join dana group-b
/start
# ground rules: everyone consents
/press amal 1
/press ben 1
/press chen 1
/press dana 1
wait 10s
/next
# perspectives: two speak, two let their turn time out
amal: Where I live the checkpoints shape every day.
wait 30s
/press amal 1
wait 3m
ben: My grandparents lost their house, and I grew up with that story.
wait 3m
wait 3m
wait 3m
/next
# needs, fears and hopes, privately
/private amal We need to move freely.
/private ben We fear being blamed for what others did.
/private chen We hope our children study together.
/private dana We need recognition of our history.
wait 15m
/press amal 1
/press ben 1
wait 8m
/next
wait 10m
/next
# brainstorm
/private amal A joint youth football league.
/private ben Shared history lessons written together.
/private chen A bilingual radio show.
/private dana A shuttle bus between the towns.
/private amal Exchange visits between schools.
wait 15m
/next
wait 8m
/press amal 1
/press ben 2
/press chen 1
/press dana 1
wait 7m
/next
wait 10m
/next
amal: I will remember Ben's story.
wait 2m
wait 2m
wait 2m
wait 2m
/end
`;
