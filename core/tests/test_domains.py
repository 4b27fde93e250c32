from core.domains import DEFAULT_DOMAINS, domain_for_profession
from core.models import Profession


def test_every_profession_provides_exactly_one_domain():
    for profession in Profession.values:
        codes = [code for code, _n, profs in DEFAULT_DOMAINS if profession in profs]
        assert len(codes) == 1, profession
    assert domain_for_profession("psychologist") == "psychologie"
    assert domain_for_profession("inconnu") is None


def test_the_eight_domains_of_article_5_ship_with_the_product(db):
    from core.models import ServiceDomain

    assert ServiceDomain.objects.count() == 8
    assert ServiceDomain.objects.get(code="orthophonie").professions == ["speech_therapist"]
