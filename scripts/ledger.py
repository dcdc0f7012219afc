#!/usr/bin/env python3
"""An environment's deployment ledger: the last entries as a table, or its history as a page.

Usage: python3 scripts/ledger.py SUFFIX [N]                  the last N entries, newest first (N defaults to 20)
       python3 scripts/ledger.py SUFFIX --html FILE [--days D]
                                                               a self-contained HTML page with an SVG timeline per
                                                               service of the last D days (default 30): pipeline
                                                               executions and deployments as bars, their durations
                                                               and outcomes, rolled-back deployments marked

Reads ddb-ledger-SUFFIX through its environment-timestamp index with the usual AWS credential
chain (AWS_PROFILE, AWS_REGION, ...); AWS_ENDPOINT_URL points it at the local emulator. Needs
boto3 (installed with moto, or pip install boto3) and dynamodb:Query on the table and index.
"""
import argparse
import datetime
import html
import sys

from aws_env import client

COLUMNS = ("time", "kind", "pipeline/application", "stage/action", "state", "deploymentId", "config")
# Outcomes as the ledger's items state them (CodePipeline's and CodeDeploy's words), to a colour and a word.
OUTCOMES = {"SUCCEEDED": ("succeeded", "#2e7d32"), "SUCCESS": ("succeeded", "#2e7d32"),
            "FAILED": ("failed", "#c62828"), "FAILURE": ("failed", "#c62828"),
            "STOPPED": ("stopped", "#757575"), "STOP": ("stopped", "#757575"), "SUPERSEDED": ("superseded", "#9e9e9e")}
RUNNING = ("running", "#1565c0")
# A deployment that fails or is stopped is rolled back by its group (automatic rollback on failure and alarms).
ROLLED_BACK = {"FAILURE", "STOP"}


def items(suffix, since=None, limit=None):
    """The environment's items, newest first, from `since` (an ISO time) on."""
    condition, values = "#e = :e", {":e": {"S": suffix}}
    names = {"#e": "environment"}
    if since:
        condition += " AND #t >= :since"
        names["#t"] = "timestamp"
        values[":since"] = {"S": since}
    query = dict(TableName=f"ddb-ledger-{suffix}", IndexName="environment-timestamp", KeyConditionExpression=condition,
                 ExpressionAttributeNames=names, ExpressionAttributeValues=values, ScanIndexForward=False)
    found = []
    while True:
        if limit:
            query["Limit"] = limit - len(found)
        answer = client("dynamodb").query(**query)
        found += [{key: attribute["S"] for key, attribute in item.items()} for item in answer["Items"]]
        if "LastEvaluatedKey" not in answer or (limit and len(found) >= limit):
            return found
        query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


def rows(suffix, limit):
    for value in items(suffix, limit=limit):
        where = "/".join(v for v in (value.get("stage"), value.get("action")) if v)
        yield (value["eventTime"], value["kind"], value.get("pipeline") or value.get("application", ""),
               where or value.get("deploymentGroup", ""), value["state"], value["deploymentId"],
               value.get("deploymentConfig", ""))


def service_of(name, suffix):
    """The service a pipeline or CodeDeploy application belongs to, and the stage it deploys (E's staging/production)."""
    base = name[:-len(suffix) - 1] if name.endswith("-" + suffix) else name
    for prefix in ("pipeline-", "cdapp-"):
        base = base[len(prefix):] if base.startswith(prefix) else base
    for ending in ("-pipeline", "-app"):
        base = base[:-len(ending)] if base.endswith(ending) else base
    for stage in ("staging", "production"):
        if base.endswith("-" + stage):
            return base[:-len(stage) - 1], stage
    return base, ""


def runs(entries, suffix):
    """{service: [run]}: one run per pipeline execution and per deployment, from its first to its last state."""
    grouped = {}
    for entry in entries:
        if entry["kind"] not in ("pipeline-execution", "deployment"):
            continue
        grouped.setdefault((entry["kind"], entry["deploymentId"]), []).append(entry)
    services = {}
    for (kind, identifier), states in grouped.items():
        states.sort(key=lambda e: e["eventTime"])
        owner = states[0].get("pipeline") or states[0].get("application", "")
        service, stage = service_of(owner, suffix)
        final = states[-1]["state"]
        outcome, colour = OUTCOMES.get(final, RUNNING)
        lane = "pipeline" if kind == "pipeline-execution" else f"deployments{f' ({stage})' if stage else ''}"
        services.setdefault(service, []).append({
            "lane": lane, "id": identifier, "owner": owner, "start": parse(states[0]["eventTime"]),
            "end": parse(states[-1]["eventTime"]) if final in OUTCOMES else None, "outcome": outcome, "colour": colour,
            "rolledBack": kind == "deployment" and final in ROLLED_BACK, "config": states[-1].get("deploymentConfig", "")})
    return services


def parse(time):
    return datetime.datetime.fromisoformat(time.replace("Z", "+00:00"))


def duration(seconds):
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


def page(suffix, services, now, days):
    """The timeline page: one SVG per service on a shared time axis, and the same runs as a table."""
    if not services:
        body = f"<p>No pipeline execution or deployment of {html.escape(suffix)} in the last {days} day(s).</p>"
        return document(suffix, now, days, body)
    start = min(run["start"] for runs_ in services.values() for run in runs_)
    end = max((run["end"] or now) for runs_ in services.values() for run in runs_)
    span = max((end - start).total_seconds(), 60)
    # Room on the right for a "rolled back" mark after the last bar.
    width, label, height, right_margin = 960, 190, 26, 110

    def x(time):
        return label + (time - start).total_seconds() / span * (width - label - right_margin)

    sections = []
    for service in sorted(services):
        service_runs = sorted(services[service], key=lambda r: r["start"])
        order = ["pipeline", "deployments", "deployments (staging)", "deployments (production)"]
        lanes = sorted({run["lane"] for run in service_runs}, key=order.index)
        svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height * len(lanes) + 30}" '
               f'role="img" aria-label="timeline of {html.escape(service)}">']
        for row, lane in enumerate(lanes):
            y = row * height + 4
            svg.append(f'<text x="4" y="{y + 17}" class="lane">{html.escape(lane)}</text>')
            svg.append(f'<line x1="{label}" y1="{y + height - 3}" x2="{width - right_margin}" y2="{y + height - 3}" stroke="#e0e0e0"/>')
            for run in (r for r in service_runs if r["lane"] == lane):
                left, right = x(run["start"]), x(run["end"] or now)
                seconds = ((run["end"] or now) - run["start"]).total_seconds()
                tip = (f'{run["owner"]} {run["id"]}: {run["outcome"]} after {duration(seconds)}'
                       + (", rolled back" if run["rolledBack"] else "") + f', started {run["start"]:%Y-%m-%d %H:%M:%S} UTC')
                svg.append(f'<rect class="run {run["outcome"]}" x="{left:.1f}" y="{y + 3}" width="{max(right - left, 3):.1f}" '
                           f'height="{height - 8}" rx="3" fill="{run["colour"]}"><title>{html.escape(tip)}</title></rect>')
                if run["rolledBack"]:
                    svg.append(f'<text class="rollback" x="{max(right, left + 3) + 3:.1f}" y="{y + 17}">&#8634; rolled back</text>')
        axis_y = height * len(lanes) + 22
        svg.append(f'<text x="{label}" y="{axis_y}" class="axis">{start:%Y-%m-%d %H:%M}</text>')
        svg.append(f'<text x="{width - right_margin}" y="{axis_y}" class="axis" text-anchor="end">{end:%Y-%m-%d %H:%M} UTC</text>')
        svg.append("</svg>")
        table = ['<table><thead><tr><th>what</th><th>id</th><th>started (UTC)</th><th>duration</th><th>outcome</th>'
                 '<th>config</th></tr></thead><tbody>']
        for run in service_runs:
            seconds = ((run["end"] or now) - run["start"]).total_seconds()
            outcome = run["outcome"] + (", rolled back" if run["rolledBack"] else "")
            table.append(f'<tr class="{run["outcome"]}"><td>{html.escape(run["lane"])}</td><td>{html.escape(run["id"])}</td>'
                         f'<td>{run["start"]:%Y-%m-%d %H:%M:%S}</td><td>{duration(seconds)}</td><td>{html.escape(outcome)}</td>'
                         f'<td>{html.escape(run["config"])}</td></tr>')
        table.append("</tbody></table>")
        sections.append(f'<section id="{html.escape(service)}"><h2>{html.escape(service)}</h2>{"".join(svg)}{"".join(table)}</section>')
    return document(suffix, now, days, "".join(sections))


def document(suffix, now, days, body):
    title = f"Deployment history of {suffix}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #212121; }}
svg text {{ font-size: 12px; }} svg .lane {{ fill: #424242; }} svg .axis {{ fill: #757575; }} svg .rollback {{ fill: #c62828; }}
table {{ border-collapse: collapse; margin: 0.5em 0 2em; font-size: 13px; }}
th, td {{ border-bottom: 1px solid #e0e0e0; padding: 3px 10px; text-align: left; }}
tr.failed td {{ color: #c62828; }}
</style></head>
<body><h1>{html.escape(title)}</h1>
<p>The last {days} day(s) of ddb-ledger-{html.escape(suffix)}, as of {now:%Y-%m-%d %H:%M} UTC: each bar is one pipeline execution
or CodeDeploy deployment, from its first to its last recorded state.</p>
{body}
</body></html>
"""


def main(argv):
    parser = argparse.ArgumentParser(prog="scripts/ledger.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("suffix", help="the environment, e.g. dev or pr-42")
    parser.add_argument("count", nargs="?", type=int, default=20, help="entries of the table (default 20)")
    parser.add_argument("--html", metavar="FILE", help="write the timeline page to FILE instead of printing the table")
    parser.add_argument("--days", type=int, default=30, help="days of history the page shows (default 30)")
    args = parser.parse_args(argv[1:])
    if args.html:
        now = datetime.datetime.now(datetime.timezone.utc)
        since = (now - datetime.timedelta(days=args.days)).strftime("%Y-%m-%dT%H:%M:%S")
        services = runs(items(args.suffix, since=since), args.suffix)
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(page(args.suffix, services, now, args.days))
        count = sum(len(r) for r in services.values())
        print(f"wrote {args.html}: {count} run(s) of {len(services)} service(s); open it in a browser")
        return
    table = [COLUMNS, *rows(args.suffix, args.count)]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main(sys.argv)
