// The scripted workshop the crash test runs: problem-solving-workshop with four participants in
// two groups: consent, turns that time out, private needs/fears/hopes, private ideas and votes.
// Console lines (the terminal room's grammar) plus `wait` lines that move the simulated clock,
// so most stage changes come from timers.
export const crashScript = `
/join amal group-a
/join ben group-b
/join chen group-a
/join dana group-b
/start
/press amal 1
/press ben 1
/press chen 1
/press dana 1
amal: Where I live the checkpoints shape every day.
wait 160s
ben: My grandparents lost their house, and I grew up with that story.
wait 160s
chen: I want my children to feel safe on the bus.
wait 160s
dana: We are tired of being described by others.
wait 160s
wait 5m
/next
/private amal We need to move freely.
/private ben We fear being blamed for what others did.
/private chen We hope our children study together.
/private dana We need recognition of our history.
wait 16m
/press amal 1
/press ben 1
/press chen 1
/press dana 1
wait 9m
wait 11m
/private amal A joint youth football league.
/private ben Shared history lessons written together.
/private chen A bilingual radio show.
/private dana A shuttle bus between the towns.
/private amal Exchange visits between schools.
wait 16m
wait 9m
/press amal 1
/press ben 2
/press chen 1
/press dana 2
wait 8m
ben: Let us start with the football league.
wait 11m
wait 2m
wait 2m
wait 2m
wait 2m
/end
`;
