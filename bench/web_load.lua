-- wrk script for bench/web_load.sh: each request carries one of the signed-in sessions in
-- turn and asks for the page kind given in PAGE (person, cases, form or static). `form` is the
-- empty registration form: a signed-in page that reads nothing but its session, the most any
-- signed-in page can reach.
local sessions = {}
for line in io.lines(os.getenv("SESSIONS")) do
    local token, person, case = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)")
    sessions[#sessions + 1] = { token = token, person = person, case = case }
end
local page = os.getenv("PAGE")
local counter = 0

function request()
    counter = counter + 1
    local s = sessions[(counter % #sessions) + 1]
    local path
    if page == "person" then
        path = s.person
    elseif page == "cases" then
        path = "/cases"
    elseif page == "form" then
        path = "/persons/new"
    else
        path = "/assets/haven.css"
    end
    return wrk.format("GET", path, { ["Cookie"] = "haven_session=" .. s.token })
end

function done(summary, latency, requests)
    io.write(string.format("RESULT\t%s\t%.1f\t%.2f\t%.2f\t%d\t%d\n", page,
        summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        summary.requests))
end
