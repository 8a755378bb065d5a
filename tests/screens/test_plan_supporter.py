"""A supporter added from the Plan form's "Who could help?", in one step, keeps the plan being typed."""

from __future__ import annotations

from harness import make_app, settle


async def _add_jo(pilot) -> None:
    pilot.app.screen.query_one("#add-supporter").press()  # the button beside "Who could help?"
    await settle(pilot)
    from screens.supporter_form import SupporterForm

    assert isinstance(pilot.app.screen, SupporterForm)
    pilot.app.screen.query_one("#name").value = "Aunt Morwenna"
    pilot.app.screen.query_one("#relationship").value = "sister"
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_supporter_added_from_a_new_plan_is_stored_and_the_plan_keeps_its_words(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_plan(exercise_id="activity-scheduling")
        await settle(pilot)
        plan_screen = app.screen
        plan_screen.query_one("#what").value = "Walk to the park with Jo on Saturday"
        plan_screen.query_one("#where").value = "the park"
        await _add_jo(pilot)

        assert app.screen is plan_screen  # back on the same form, nothing typed lost
        assert plan_screen.query_one("#what").value == "Walk to the park with Jo on Saturday"
        assert plan_screen.query_one("#where").value == "the park"
        jo = next(s for s in welcomed.supporters() if s.name == "Aunt Morwenna")
        assert jo.relationship == "sister"
        assert list(plan_screen.query_one("#supporters").selected) == [jo.id]
        await pilot.press("ctrl+s")
        await settle(pilot)

    plan = next(p for p in welcomed.plans() if p.what == "Walk to the park with Jo on Saturday")
    assert plan.where == "the park"
    assert plan.supporter_ids == [jo.id]


async def test_adding_a_supporter_to_a_plan_being_changed_keeps_those_already_ticked(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plan = next(p for p in demo.plans() if p.supporter_ids)
        app.open_plan(plan_id=plan.id)
        await settle(pilot)
        app.screen.query_one("#what").value = plan.what + " (with company)"
        await _add_jo(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    jo = next(s for s in demo.supporters() if s.name == "Aunt Morwenna")
    stored = demo.plan(plan.id)
    assert stored.what == plan.what + " (with company)"
    assert set(stored.supporter_ids) == set(plan.supporter_ids) | {jo.id}


async def test_a_long_then_i_will_answer_wraps_so_all_of_it_shows(welcomed):
    answer = ("put my trainers by the door the night before and walk just to the corner and back, "
              "even if it is only five minutes")
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_plan(exercise_id="activity-scheduling")
        await settle(pilot)
        app.screen.query_one("#what").value = "Walk after tea"
        app.screen.query_one("#if_text").focus()
        await pilot.press(*"I feel too tired")
        app.screen.query_one("#then_text").focus()
        await pilot.press(*answer)
        await settle(pilot)
        box = app.screen.query_one("#then_text")
        assert box.size.height > 1  # it grew to show the whole answer
        assert box.scroll_offset.x == 0  # nothing scrolled off to the side
        await pilot.press("ctrl+s")
        await settle(pilot)
    plan = next(p for p in welcomed.plans() if p.what == "Walk after tea")
    assert plan.if_then == [{"if": "I feel too tired", "then": answer}]
