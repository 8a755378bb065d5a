"""One proactive response on the Barriers screen: what it is, what it would change, Apply.

The preview comes from the façade (`preview_response`), so the patient sees exactly
what one press will do; `apply_response` then saves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Select, Static

from screens.access import WorkbookAccess
from screens.widgets.dropdown import Dropdown
from screens.widgets.form import Entry
from workbook.content.copy import text as copy_text
from workbook.core.errors import WorkbookError

PARAM_FIELDS = {
    "time": ("New time", copy_text("response.time_example")),
    "routine": ("After I...", copy_text("response.routine_example")),
    "if_text": ("If...", copy_text("response.if_example")),
    "then_text": ("then I will...", copy_text("response.then_example")),
    "question": ("Your question", copy_text("response.question_example")),
    "step": ("Easier step", copy_text("response.step_example")),
}
NO_BUTTON = {"reread_why", "reassure"}  # operations that change nothing: the text itself is the help


class ResponseCard(WorkbookAccess, Vertical):
    DEFAULT_CSS = """
    ResponseCard { height: auto; border-left: thick $primary; padding: 0 1; margin-top: 1; }
    ResponseCard.-applied { border-left: thick $success; }
    ResponseCard .title { text-style: bold; }
    ResponseCard .preview { text-style: italic; }
    ResponseCard .param { height: auto; }
    ResponseCard .param Static { width: 16; }
    ResponseCard .param Entry { width: 1fr; max-width: 50; }
    ResponseCard Select { width: 40; }
    ResponseCard Button { margin-top: 1; }
    """

    @dataclass
    class Applied(Message):
        card: "ResponseCard"
        code: str
        summary: str

    def __init__(self, response, plan_id: str, supporters: list, attempt_id: str | None) -> None:
        super().__init__(id=f"response-{response.code}")
        self.response = response
        self.plan_id = plan_id
        self.supporters = supporters
        self.attempt_id = attempt_id
        self.applied = False

    def compose(self) -> ComposeResult:
        workbook = self.workbook
        needs = workbook.preview_response(self.plan_id, self.response.code).needs
        yield Static(self.response.label, classes="title", markup=False)
        yield Static(self.response.description, markup=False)
        for need in needs:
            if need == "supporter_id":
                if self.supporters:
                    yield Dropdown([(s.name, s.id) for s in self.supporters], prompt=copy_text("response.who_prompt"),
                                 id=f"{self.response.code}-supporter_id")
                else:
                    yield Static(copy_text("response.no_supporters"), classes="preview", markup=False)
            elif need in PARAM_FIELDS:
                label, placeholder = PARAM_FIELDS[need]
                with Horizontal(classes="param"):
                    yield Static(label, markup=False)
                    yield Entry(id=f"{self.response.code}-{need}", placeholder=placeholder)
        yield Static("", classes="preview", id=f"{self.response.code}-preview", markup=False)
        if self.response.operation not in NO_BUTTON:
            yield Button(f"Apply: {self.response.label}", id=f"{self.response.code}-apply", compact=True)

    def on_mount(self) -> None:
        self.refresh_preview()

    def params(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for widget in self.query(Entry):
            if widget.value.strip():
                found[widget.id.split("-", 1)[1]] = widget.value.strip()
        for select in self.query(Select):
            if not select.is_blank():
                found[select.id.split("-", 1)[1]] = str(select.value)
        return found

    @on(Input.Changed)
    @on(Select.Changed)
    def refresh_preview(self) -> None:
        if self.applied:
            return
        preview = self.query_one(f"#{self.response.code}-preview", Static)
        try:
            proposal = self.workbook.preview_response(self.plan_id, self.response.code, **self.params())
        except WorkbookError as exc:
            preview.update(copy_text("response.not_yet", problem=getattr(exc, "message", exc)))
            self._can_apply(False)
            return
        changes = self.response.operation not in NO_BUTTON and proposal.plan is not None
        preview.update(copy_text("response.change", summary=proposal.summary) if changes else proposal.summary)
        self._can_apply(not proposal.needs and (proposal.plan is not None or proposal.question is not None))

    def _can_apply(self, ok: bool) -> None:
        for button in self.query(Button):
            button.disabled = not ok

    @on(Button.Pressed)
    def _apply(self, event: Button.Pressed) -> None:
        event.stop()
        try:
            proposal = self.workbook.apply_response(self.plan_id, self.response.code, attempt_id=self.attempt_id,
                                                        now=self.workbook_app.now(), **self.params())
        except WorkbookError as exc:
            self.query_one(f"#{self.response.code}-preview", Static).update(
                copy_text("response.not_yet", problem=getattr(exc, "message", exc)))
            return
        self.applied = True
        self.add_class("-applied")
        done = copy_text("response.done", summary=proposal.summary)
        self.query_one(f"#{self.response.code}-preview", Static).update(done)
        event.button.display = False
        self.post_message(self.Applied(self, self.response.code, proposal.summary))
